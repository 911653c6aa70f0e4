// Any URL no route claims: the 404 page, with the shell around it.
export async function loader() {
  throw new Response("errors.notFound", { status: 404 });
}

export default function NotFound() {
  return null;
}
