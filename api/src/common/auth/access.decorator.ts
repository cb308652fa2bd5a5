import { SetMetadata } from '@nestjs/common';

// Every resolver method must declare one of these; the guard refuses undeclared ones
// and a test lists any that slip through.
export const ACCESS_KEY = 'cosmolocal:access';
export type Access = 'public' | 'authenticated';

export const Public = () => SetMetadata(ACCESS_KEY, 'public' satisfies Access);
export const Authenticated = () => SetMetadata(ACCESS_KEY, 'authenticated' satisfies Access);
