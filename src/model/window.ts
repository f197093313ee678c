/** Half-open time window [from, to) in UTC instants, reported in `timezone` (IANA name). */
export interface Window {
  from: Date;
  to: Date;
  timezone: string;
}

export type Bucket = "day" | "week" | "month";
