import type { MetaFunction } from "@remix-run/node";

/** Routes whose loader returns `title` share this meta. */
export const titleMeta: MetaFunction = ({ data }) => {
  const title = (data as { title?: string } | undefined)?.title;
  return title ? [{ title }] : [{ title: "Lexmigra" }];
};
