import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { ProofsService } from './proofs.service.js';

// GET /contributions/<cid>.car: a record with its proof, for `cosmolocal verify --car`.
@Controller('contributions')
export class AnchoringController {
  constructor(private readonly proofs: ProofsService) {}

  @Get(':file')
  async car(@Param('file') file: string, @Res() res: Response): Promise<void> {
    if (!file.endsWith('.car')) throw new InvalidInputError('id', 'Ask for /contributions/<record CID>.car', 'NOT_A_CAR_PATH');
    const { bytes, roots } = await this.proofs.exportCar(file.slice(0, -'.car'.length));
    res.status(200).type('application/vnd.ipld.car; version=1');
    res.setHeader('Content-Disposition', `attachment; filename="${roots[0]}.car"`);
    res.setHeader('Cache-Control', roots.length > 1 ? 'public, max-age=3600' : 'no-store');
    res.end(Buffer.from(bytes));
  }
}
