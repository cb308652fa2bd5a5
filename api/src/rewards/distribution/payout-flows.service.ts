import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/errors/domain-error.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { FLOW_INTERVALS, flowWindow, MAX_FLOW_PERIODS, type FlowInterval } from './flow-periods.js';
import { SettlementsRepository, type PayoutFlowRow } from './settlements.repository.js';

export interface PayoutFlows {
  interval: FlowInterval;
  periodStarts: Date[];
  from: Date;
  to: Date;
  flows: PayoutFlowRow[];
}

// Where an organization's realised income went, by bucket and period: public, like its funds,
// because it sums over recipients (personal payouts stay with the person).
@Injectable()
export class PayoutFlowsService {
  constructor(
    private readonly rewards: SettlementsRepository,
    private readonly organizations: OrganizationsService,
  ) {}

  async flows(organizationId: string, interval: FlowInterval, periods: number, now = new Date()): Promise<PayoutFlows> {
    if (!FLOW_INTERVALS.includes(interval)) throw new InvalidInputError('interval', `interval must be one of ${FLOW_INTERVALS.join(', ')}`);
    if (!Number.isInteger(periods) || periods < 1 || periods > MAX_FLOW_PERIODS) {
      throw new InvalidInputError('periods', `periods must be a whole number from 1 to ${MAX_FLOW_PERIODS}`, 'OUT_OF_RANGE');
    }
    await this.organizations.get(organizationId);
    const window = flowWindow(now, interval, periods);
    const unit = interval.toLowerCase() as 'day' | 'week' | 'month';
    const flows = await this.rewards.flowsByBucket(organizationId, unit, window.from, window.to);
    return { interval, periodStarts: window.starts, from: window.from, to: window.to, flows };
  }
}
