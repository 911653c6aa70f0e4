import { createContext, useContext } from "react";

// The CSP nonce of this response, so Remix's inline scripts run under a CSP without 'unsafe-inline'.
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
