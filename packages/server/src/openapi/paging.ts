import { Type, type TSchema } from '@sinclair/typebox';

/**
 * The query fields every paginated list takes (keyset pagination, see db/keyset.ts): how many rows, and the
 * cursor the previous page returned. Lists add their own filters and sort orders beside these.
 */
export const pageQueryFields = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Rows per page (default 50)' }),
  ),
  cursor: Type.Optional(
    Type.String({
      maxLength: 1000,
      description:
        "The previous page's `nextCursor`; omit for the first page. Valid only with the same sort.",
    }),
  ),
};

export const SortOrderSchema = Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
  title: 'SortOrder',
});

/** A page of a list: its rows, and the cursor of the next page (null on the last). */
export function PageOf<T extends TSchema>(item: T, title: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()]),
    },
    { title },
  );
}
