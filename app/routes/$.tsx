// Any URL no route claims: the 404 page, with the shell around it. Any method: a POST to nowhere is a 404 too.
import { NotFoundError } from "~/errors";
import { route, routeHeaders } from "~/http.server";

export const loader = route(() => {
  throw new NotFoundError();
});
export const action = loader;
export const headers = routeHeaders;

export default function NotFound() {
  return null;
}
