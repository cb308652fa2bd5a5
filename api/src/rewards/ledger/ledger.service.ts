import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError } from '../../common/errors/domain-error.js';
import type { Tx } from '../../database/transaction.js';
import { LedgerRepository } from './ledger.repository.js';
import type { NewLedgerTransaction } from '../rewards.types.js';

// Posting rules on top of the repository: a transaction balances per currency before it is
// written (the database checks again at commit), a reference posts once, and a correction is a
// reversing transaction, never an edit.
@Injectable()
export class LedgerService {
  constructor(private readonly ledger: LedgerRepository) {}

  async post(tx: Tx, t: NewLedgerTransaction): Promise<string> {
    if (!t.entries.length) throw new InvalidInputError('entries', 'A transaction needs entries.', 'EMPTY_TRANSACTION');
    const sums = new Map<string, bigint>();
    for (const e of t.entries) {
      if (e.amountMinor === 0n) throw new InvalidInputError('entries', 'An entry moves a non-zero amount.', 'ZERO_ENTRY');
      sums.set(e.currency, (sums.get(e.currency) ?? 0n) + e.amountMinor);
    }
    for (const [currency, sum] of sums) {
      if (sum !== 0n) throw new InvalidInputError('entries', `The entries in ${currency} sum to ${sum}, not 0.`, 'UNBALANCED');
    }
    if (await this.ledger.findTransactionByReference(tx, t.reference))
      throw new ConflictError(`Transaction ${t.reference} is already posted.`, { reason: 'ALREADY_POSTED' });
    return this.ledger.insertTransaction(tx, t);
  }

  async reverse(tx: Tx, transactionId: string, reference: string, memo: string): Promise<string> {
    const entries = await this.ledger.entriesOfTransaction(tx, transactionId);
    if (!entries.length) throw new NotFoundError('LedgerTransaction', transactionId);
    return this.post(tx, {
      kind: 'REVERSAL',
      reference,
      memo,
      reverses: transactionId,
      entries: entries.map((e) => ({ ...e, amountMinor: -e.amountMinor, memo: `reversal: ${e.memo ?? ''}`.trim() })),
    });
  }
}
