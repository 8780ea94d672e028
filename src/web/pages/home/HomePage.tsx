import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useAuth } from '../../auth.js';
import { get } from '../../api.js';
import { ROLE_LABELS } from '../../../shared/labels.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { HOME_CARDS } from './home-cards.js';
import { REGION_LEVELS } from '../../../core/region-code.js';
import type { RegionLevel } from '../../../core/roles.js';

interface Counts {
  caregivers?: number;
  alerts?: number;
  pendingProviders?: number;
  todo?: number;
  overdueTodo?: number;
  streets?: number;
  communities?: number;
  grids?: number;
  users?: number;
  auditToday?: number;
  elders?: number;
  expired?: number;
}

function startOfShanghaiDay(now = new Date()) {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - 8 * 3_600_000);
}

export function HomePage() {
  const { me, can } = useAuth();
  const [counts, setCounts] = useState<Counts>({});
  useEffect(() => {
    const jobs: Promise<Partial<Counts>>[] = [];
    if (can('region.read')) {
      jobs.push(
        get<Region[]>('/api/regions').then((rs) => ({
          streets: rs.filter((r) => r.level === 'street').length,
          communities: rs.filter((r) => r.level === 'community').length,
          grids: rs.filter((r) => r.level === 'grid').length,
        })),
      );
    }
    if (can('elder.read')) {
      jobs.push(get<{ total: number }>('/api/elders', { pageSize: 1 }).then((p) => ({ elders: p.total })));
      jobs.push(
        get<{ total: number }>('/api/elders', { pageSize: 1, expired: 'true' }).then((p) => ({ expired: p.total })),
      );
    }
    if (can('application.act')) {
      jobs.push(
        get<{ total: number }>('/api/applications', { pageSize: 1, todo: 'true' }).then((p) => ({ todo: p.total })),
      );
      jobs.push(
        get<{ total: number }>('/api/applications', { pageSize: 1, overdue: 'true' }).then((p) => ({
          overdueTodo: p.total,
        })),
      );
    }
    if (can('caregiver.read') && me?.role !== 'caregiver')
      jobs.push(get<{ total: number }>('/api/caregivers', { pageSize: 1 }).then((p) => ({ caregivers: p.total })));
    if (can('provider.read'))
      jobs.push(get<{ items: unknown[] }>('/api/providers/alerts').then((a) => ({ alerts: a.items.length })));
    if (can('provider.review'))
      jobs.push(
        get<{ total: number }>('/api/providers', { pageSize: 1, status: 'pending' }).then((p) => ({
          pendingProviders: p.total,
        })),
      );
    if (can('user.read'))
      jobs.push(get<{ total: number }>('/api/users', { pageSize: 1 }).then((p) => ({ users: p.total })));
    if (can('audit.read')) {
      jobs.push(
        get<{ total: number }>('/api/audit', { pageSize: 1, from: startOfShanghaiDay().toISOString() }).then((p) => ({
          auditToday: p.total,
        })),
      );
    }
    void Promise.all(jobs).then((parts) => setCounts(Object.assign({}, ...parts)));
  }, [me]); // eslint-disable-line react-hooks/exhaustive-deps -- permissions come with me
  if (!me) return null;
  // Counts of the levels below the user's own; a community worker has no streets to count.
  const below = (level: RegionLevel) =>
    !!me.region && REGION_LEVELS.indexOf(level) > REGION_LEVELS.indexOf(me.region.level as RegionLevel);
  const stats: [string, number | undefined][] = [
    ['待办申请', counts.todo],
    ['超期申请', counts.overdueTodo],
    ['街道/乡镇', below('street') ? counts.streets : undefined],
    ['社区/村', below('community') ? counts.communities : undefined],
    ['网格', below('grid') ? counts.grids : undefined],
    ['在册老人', counts.elders],
    ['证明过期待复核', counts.expired],
    ['待审加盟申请', counts.pendingProviders],
    ['在岗服务人员', counts.caregivers],
    ['到期提醒', counts.alerts],
    ['账户', counts.users],
    ['今日审计事件', counts.auditToday],
  ];
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {me.displayName}，您好
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {ROLE_LABELS[me.role]} · {me.region?.name ?? me.provider?.name}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {stats
          .filter(([, v]) => v !== undefined)
          .map(([label, v]) => (
            <Col xs={12} sm={8} lg={4} key={label}>
              <Card size="small">
                <Statistic title={label} value={v} />
              </Card>
            </Col>
          ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {HOME_CARDS[me.role].map((c) => (
          <Col xs={24} md={12} lg={8} key={c.title}>
            <Card title={c.title} size="small" data-testid="home-card">
              <Typography.Text type="secondary">{c.note}</Typography.Text>
              {c.link ? (
                <div style={{ marginTop: 12 }}>
                  <Link to={c.link}>进入</Link>
                </div>
              ) : (
                <div style={{ marginTop: 12, color: '#bbb' }}>暂无数据</div>
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
