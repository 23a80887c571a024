export interface ReportRunStatus {
  id: string;
  config: string;
  era?: '2020' | 'current';
  status: 'ran' | 'cached' | 'absent' | 'failed';
  detail?: string;
}
export function writePaperReport(_out: string, _plan: { data: '2020' | 'current' | 'both'; runs: ReportRunStatus[] }): string[] {
  return [];
}
