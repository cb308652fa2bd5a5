import { anOrganization } from '../../../../test/support/domain-factories.js';
import { mock } from '../../../../test/support/unit.js';
import { InvalidInputError, NotFoundError } from '../../common/errors/domain-error.js';
import type { OrganizationsService } from '../../identity/organizations.service.js';
import type { FlowInterval } from './flow-periods.js';
import { PayoutFlowsService } from './payout-flows.service.js';
import type { SettlementsRepository } from './settlements.repository.js';

const ORG = anOrganization();
const NOW = new Date('2026-03-18T15:00:00Z'); // a Wednesday

function setup() {
  const settlements = mock<SettlementsRepository>();
  const organizations = mock<OrganizationsService>();
  organizations.get.mockResolvedValue(ORG);
  settlements.flowsByBucket.mockResolvedValue([]);
  return { service: new PayoutFlowsService(settlements, organizations), settlements, organizations };
}

describe('PayoutFlowsService.flows', () => {
  it('sums an organization’s payouts over whole UTC periods ending with the current one', async () => {
    const t = setup();
    const row = {
      periodStart: new Date('2026-03-16T00:00:00Z'),
      bucket: 'fabrication',
      currency: 'EUR',
      amountMinor: 700n,
      settlements: 2,
    };
    t.settlements.flowsByBucket.mockResolvedValue([row]);
    const flows = await t.service.flows(ORG.id, 'WEEK', 2, NOW);
    expect(t.settlements.flowsByBucket).toHaveBeenCalledWith(
      ORG.id,
      'week',
      new Date('2026-03-09T00:00:00Z'),
      new Date('2026-03-23T00:00:00Z'),
    );
    expect(flows).toEqual({
      interval: 'WEEK',
      periodStarts: [new Date('2026-03-09T00:00:00Z'), new Date('2026-03-16T00:00:00Z')],
      from: new Date('2026-03-09T00:00:00Z'),
      to: new Date('2026-03-23T00:00:00Z'),
      flows: [row],
    });
  });

  it.each([
    ['an unknown interval', 'YEAR', 3, 'interval', 'INVALID'],
    ['no periods', 'DAY', 0, 'periods', 'OUT_OF_RANGE'],
    ['a fraction of a period', 'DAY', 1.5, 'periods', 'OUT_OF_RANGE'],
    ['more periods than a chart shows', 'MONTH', 367, 'periods', 'OUT_OF_RANGE'],
  ])('refuses %s, and reads nothing', async (_case, interval, periods, field, reason) => {
    const t = setup();
    const err = await t.service.flows(ORG.id, interval as FlowInterval, periods, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err).toMatchObject({ field, reason });
    expect(t.organizations.get).not.toHaveBeenCalled();
    expect(t.settlements.flowsByBucket).not.toHaveBeenCalled();
  });

  it('answers not found for an organization that does not exist', async () => {
    const t = setup();
    t.organizations.get.mockRejectedValue(new NotFoundError('Organization', ORG.id));
    await expect(t.service.flows(ORG.id, 'DAY', 7, NOW)).rejects.toBeInstanceOf(NotFoundError);
    expect(t.settlements.flowsByBucket).not.toHaveBeenCalled();
  });
});
