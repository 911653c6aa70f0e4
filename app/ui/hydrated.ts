import { useEffect, useState } from "react";

/** False during server rendering and the first client render; true once JavaScript has taken over the page. */
export function useHydrated() {
  const [isHydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return isHydrated;
}
