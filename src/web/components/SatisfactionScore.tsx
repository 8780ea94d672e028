// A caregiver's or provider's satisfaction score over the last 90 days, from the ratings the
// call-backs and SMS replies recorded: the same rating function as the quarterly evaluation.
import { useEffect, useState } from 'react';
import { Space, Tag, Typography } from 'antd';
import { get } from '../api.js';
import { SATISFACTION_LEVELS } from '../../core/providers/rules.js';
import { SATISFACTION_LABELS } from '../../shared/service-labels.js';

interface Score {
  score: number | null;
  ratingCount: number;
  reason: string;
  from: string;
  to: string;
  levels: Record<string, number>;
}

export function SatisfactionScore({ kind, id }: { kind: 'caregivers' | 'providers'; id: number }) {
  const [s, setS] = useState<Score | null>(null);
  useEffect(() => {
    void get<Score>(`/api/${kind}/${id}/score`).then(setS, () => setS(null));
  }, [kind, id]);
  if (!s) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space wrap size={4} data-testid="satisfaction-score">
      <Typography.Text strong>{s.score === null ? '样本不足' : `${s.score} 分`}</Typography.Text>
      {SATISFACTION_LEVELS.map((l) => (
        <Tag key={l}>
          {SATISFACTION_LABELS[l]} {s.levels[l] ?? 0}
        </Tag>
      ))}
      <Typography.Text type="secondary">
        {s.reason}（{s.from} 至 {s.to}）
      </Typography.Text>
    </Space>
  );
}
