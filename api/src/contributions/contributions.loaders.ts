import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import type { LoadersFactory } from '../common/graphql/loaders.js';
import { AgentDirectory, type Agent } from '../identity/agent-directory.js';
import { ContributionsRepository } from './contributions.repository.js';

export interface ContributionLoaders {
  agentByDid: DataLoader<string, Agent>;
  validationTally: DataLoader<string, { approvals: number; rejections: number }>;
}

// Read as `ctx.loaders.<name>` by every resolver (common/graphql/loaders.ts).
declare module '../common/graphql/loaders.js' {
  interface LoaderRegistry extends ContributionLoaders {}
}

@Injectable()
export class ContributionLoadersFactory implements LoadersFactory {
  constructor(
    private readonly agents: AgentDirectory,
    private readonly records: ContributionsRepository,
  ) {}

  create(): ContributionLoaders {
    return {
      agentByDid: new DataLoader((dids) => this.agents.byDids(dids)),
      validationTally: new DataLoader(async (ids) => {
        const tally = new Map(ids.map((id) => [id, { approvals: 0, rejections: 0 }]));
        for (const v of await this.records.validationsOf(ids)) {
          const t = tally.get(v.recordId)!;
          if (v.approve) t.approvals++;
          else t.rejections++;
        }
        return ids.map((id) => tally.get(id)!);
      }),
    };
  }
}
