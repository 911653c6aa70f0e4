// The figures of the compliance dashboard, in the order its tables and exports show them (shared by the page
// component and the server, so it holds no server code).
export const FIGURES = [
  "assigned",
  "notStarted",
  "inProgress",
  "completedOnTime",
  "completedLate",
  "overdue",
  "certificatesValid",
  "certificatesExpiring",
  "certificatesExpired",
] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Record<Figure, number>;
