import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InvalidInputError } from '../common/errors/domain-error.js';
import { ProofsService } from './proofs.service.js';

// GET /contributions/<cid>.car: a record with its proof, for `cosmolocal verify --car`.
@Controller('contributions')
export class AnchoringController {
  constructor(private readonly proofs: ProofsService) {}

  @Get(':file')
  async car(@Param('file') file: string, @Res() res: FastifyReply): Promise<FastifyReply> {
    if (!file.endsWith('.car')) throw new InvalidInputError('id', 'Ask for /contributions/<record CID>.car', 'NOT_A_CAR_PATH');
    const { bytes, roots } = await this.proofs.exportCar(file.slice(0, -'.car'.length));
    return res
      .code(200)
      .type('application/vnd.ipld.car; version=1')
      .header('Content-Disposition', `attachment; filename="${roots[0]}.car"`)
      .header('Cache-Control', roots.length > 1 ? 'public, max-age=3600' : 'no-store')
      .send(Buffer.from(bytes));
  }
}
