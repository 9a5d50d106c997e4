import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../common-schemas.js';
import { PageOf, SortOrderSchema, pageQueryFields } from '../openapi/paging.js';

export const ROLES = [
  'admin',
  'secretariat',
  'leader',
  'unit_officer',
  'statistics_officer',
  'enterprise_reporter',
] as const;

export const RoleSchema = Type.Union(
  ROLES.map((r) => Type.Literal(r)),
  { title: 'Role' },
);

/** Roles whose users belong to a unit and act for it. */
export const ROLES_NEEDING_UNIT: readonly string[] = ['unit_officer'];

export const User = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    unitId: Type.Union([Type.Integer(), Type.Null()]),
    unitName: Type.Union([Type.String(), Type.Null()]),
    disabled: Type.Boolean(),
  },
  { title: 'User' },
);
export const UserPage = PageOf(User, 'UserPage');

export const UsersQuery = Type.Object({
  ...pageQueryFields,
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Words the username or display name contains' }),
  ),
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean()),
  sort: Type.Optional(
    Type.Union([Type.Literal('id'), Type.Literal('username')], { description: 'Default id' }),
  ),
  order: Type.Optional(SortOrderSchema),
});
export type UsersQuery = Static<typeof UsersQuery>;

/** A user as the API shows it (never the password hash). */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: (typeof ROLES)[number];
  unitId: number | null;
  unitName: string | null;
  disabled: boolean;
}

const Username = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.@-]+$' });
const Password = Type.String({ minLength: 8, maxLength: 1024 });

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    role: RoleSchema,
    unitId: Type.Optional(Type.Union([Id(), Type.Null()])),
    password: Password,
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof CreateUserBody>;

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(RoleSchema),
    unitId: Type.Optional(Type.Union([Id(), Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const IdParams = Type.Object({ id: Id() });
