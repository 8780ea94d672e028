// 服务机构名册: published for elders and families, no login needed. Pick a community and see
// which providers may serve it, what they offer and how they are rated.
import { useEffect, useState } from 'react';
import { Card, Col, Empty, Layout, Rate, Row, Select, Space, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { get } from '../../api.js';
import { CATEGORY_NAMES, PROVIDER_KIND_LABELS } from '../../../shared/service-labels.js';
import type { ServiceCategory } from '../../../core/catalogue/categories.js';

interface Registry {
  hotline: string;
  communities: { id: number; name: string; streetName: string }[];
  community: { id: number; name: string; streetName: string } | null;
  providers: {
    id: number;
    name: string;
    kind: keyof typeof PROVIDER_KIND_LABELS;
    address: string | null;
    contactPhone: string | null;
    rating: number | null;
    categories: ServiceCategory[];
    itemCount: number;
    agreementEnd: string;
    nearestPointM: number | null;
  }[];
}

export function RegistryPage() {
  const [data, setData] = useState<Registry | null>(null);
  const [communityId, setCommunityId] = useState<number | undefined>(
    () => Number(new URLSearchParams(location.search).get('communityId')) || undefined,
  );
  useEffect(() => {
    void get<Registry>('/api/public/registry', { communityId }).then(setData);
  }, [communityId]);
  const streets = [...new Set(data?.communities.map((c) => c.streetName) ?? [])];
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Header
        style={{ background: '#1f2937', color: '#fff', fontSize: 18, display: 'flex', alignItems: 'center' }}
      >
        颐养 · 服务机构名册
      </Layout.Header>
      <Layout.Content style={{ padding: 16, maxWidth: 1100, margin: '0 auto', width: '100%' }}>
        <Typography.Paragraph>
          选择您所在的社区（村），查看可以上门服务的机构、服务类别和群众评分。需要服务请拨打呼叫中心电话
          {data && (
            <Typography.Text strong data-testid="hotline">
              {' '}
              <PhoneOutlined /> {data.hotline}
            </Typography.Text>
          )}
          ，或直接联系机构。
        </Typography.Paragraph>
        <Select
          placeholder="选择社区（村）"
          style={{ width: 320, marginBottom: 16 }}
          showSearch
          optionFilterProp="label"
          value={communityId}
          onChange={(v) => {
            setCommunityId(v);
            history.replaceState(null, '', `?communityId=${v}`);
          }}
          options={streets.map((s) => ({
            label: s,
            title: s,
            options: data!.communities.filter((c) => c.streetName === s).map((c) => ({ value: c.id, label: c.name })),
          }))}
        />
        {data?.community && (
          <Typography.Title level={5}>
            {data.community.streetName} {data.community.name}：{data.providers.length} 家机构可上门服务
          </Typography.Title>
        )}
        {data?.community && data.providers.length === 0 && <Empty description="该社区暂无覆盖的服务机构" />}
        <Row gutter={[12, 12]}>
          {data?.providers.map((p) => (
            <Col xs={24} md={12} key={p.id}>
              <Card
                size="small"
                title={p.name}
                extra={<Tag>{PROVIDER_KIND_LABELS[p.kind]}</Tag>}
                data-testid="registry-card"
              >
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Space>
                    {p.rating !== null ? (
                      <>
                        <Rate disabled allowHalf value={Math.round((p.rating / 20) * 2) / 2} style={{ fontSize: 14 }} />
                        <span>{p.rating.toFixed(1)} 分</span>
                      </>
                    ) : (
                      <Typography.Text type="secondary">暂无评分</Typography.Text>
                    )}
                  </Space>
                  <Space size={[4, 4]} wrap>
                    {p.categories.map((c) => (
                      <Tag color="blue" key={c}>
                        {CATEGORY_NAMES[c]}
                      </Tag>
                    ))}
                    <Typography.Text type="secondary">共 {p.itemCount} 项服务</Typography.Text>
                  </Space>
                  <Typography.Text type="secondary">
                    {p.address}
                    {p.nearestPointM !== null && ` · 最近网点约 ${(p.nearestPointM / 1000).toFixed(1)} 公里`}
                  </Typography.Text>
                  {p.contactPhone && (
                    <span>
                      <PhoneOutlined /> {p.contactPhone}
                    </span>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    服务协议有效期至 {p.agreementEnd}
                  </Typography.Text>
                </Space>
              </Card>
            </Col>
          ))}
        </Row>
      </Layout.Content>
    </Layout>
  );
}
