/** Rows of the project tables as SQLite returns them (column names as in the schema). */
export type CodingRow = {
  id: string;
  source_id: string;
  code_id: string;
  start: number;
  end: number;
  coder_id: string;
  created_at: string;
  memo: string;
};

export type MemoRow = {
  id: string;
  target_type: 'project' | 'source' | 'code' | 'coding';
  target_id: string | null;
  title: string;
  body: string;
  author_id: string | null;
  created_at: string;
  updated_at: string;
};
