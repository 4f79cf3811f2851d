/** Code-unit order (what SQL's COLLATE "C" gives), so in-memory and table orderings, and so digests, agree. */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
