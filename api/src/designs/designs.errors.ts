import { InvalidInputError } from '../common/errors/domain-error.js';
import { INCOMPATIBILITY_WORDS, type Incompatibility } from './licence-compatibility.js';

// A remix (or a new version of one) whose licence its parent does not allow. Names the parent,
// its licence and why; NO_DERIVATIVES when the parent cannot be remixed at all.
export class IncompatibleLicenceError extends InvalidInputError {
  constructor(field: string, incompatibility: Incompatibility, parent: { cid: string; title: string; licence: string }, licence: string) {
    super(
      field,
      incompatibility === 'NO_DERIVATIVES'
        ? `${parent.title} (${parent.cid}) is licensed ${parent.licence}, which ${INCOMPATIBILITY_WORDS[incompatibility]}.`
        : `${parent.title} (${parent.cid}) is licensed ${parent.licence}, which ${INCOMPATIBILITY_WORDS[incompatibility]}; ${licence} is not allowed.`,
      incompatibility === 'NO_DERIVATIVES' ? 'NO_DERIVATIVES' : 'LICENCE_INCOMPATIBLE',
    );
    Object.assign(this.details, {
      incompatibility,
      parentCid: parent.cid,
      parentTitle: parent.title,
      parentLicence: parent.licence,
      licence,
    });
  }
}
