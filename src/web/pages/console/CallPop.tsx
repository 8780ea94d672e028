// The screen-pop: who is calling — the elder's file at a glance and recent orders — or, for an
// unknown number, the way to register the caller.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Modal, Space, Spin, Tag, Typography } from 'antd';
import { PhoneOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { get } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ElderDetail } from '../../../shared/schemas/elders.js';
import type { OrderDto } from '../../../shared/schemas/orders.js';
import { CATEGORY_LABELS, ELDER_STATUS_LABELS } from '../../../shared/elder-labels.js';
import { ORDER_STATE_COLORS, ORDER_STATE_LABELS, hhmm } from '../orders/order-labels.js';
import type { IncomingCall } from './use-live-console.js';

interface Caller {
  elder: ElderDetail;
  relation: string | null;
  orders: OrderDto[];
}

export function CallPop({ call, onClose }: { call: IncomingCall | null; onClose: () => void }) {
  const navigate = useNavigate();
  const { can } = useAuth();
  const [callers, setCallers] = useState<Caller[] | null>(null);
  useEffect(() => {
    if (!call) return;
    setCallers(null);
    void Promise.all(
      call.elders.map(async (m) => ({
        elder: await get<ElderDetail>(`/api/elders/${m.id}`),
        relation: m.relation,
        orders: (await get<{ items: OrderDto[] }>('/api/orders', { elderId: m.id, pageSize: 3, sort: '-createdAt' }))
          .items,
      })),
    ).then(setCallers, () => setCallers([]));
  }, [call]);
  return (
    <Modal
      open={!!call}
      onCancel={onClose}
      footer={null}
      width={720}
      destroyOnHidden
      title={
        <Space>
          <PhoneOutlined style={{ color: '#1677ff' }} />
          来电 {call?.callerMasked}
          {call && (
            <Typography.Text type="secondary">
              {new Date(call.at).toLocaleTimeString('zh-CN', { hour12: false })}
            </Typography.Text>
          )}
        </Space>
      }
    >
      {!callers ? (
        <Spin />
      ) : callers.length === 0 ? (
        <Empty description={<span>新来电：号码 {call?.caller} 不在档案中</span>}>
          <Space direction="vertical">
            {!can('elder.write') && (
              <Typography.Text type="secondary">如为本区 60 岁以上老人，请记下姓名住址，转所在社区建档</Typography.Text>
            )}
            <Space>
              {can('elder.write') && (
                <Button
                  type="primary"
                  icon={<UserAddOutlined />}
                  onClick={() => {
                    onClose();
                    void navigate(`/elders/new?phone=${encodeURIComponent(call!.caller)}`);
                  }}
                >
                  登记新老人
                </Button>
              )}
              <Button
                onClick={() => {
                  onClose();
                  void navigate('/complaints?new=1');
                }}
              >
                登记投诉
              </Button>
            </Space>
          </Space>
        </Empty>
      ) : (
        callers.map(({ elder, relation, orders }) => (
          <Card
            key={elder.id}
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <Space>
                {elder.name}
                <Tag>{elder.age} 岁</Tag>
                {relation && <Tag color="orange">{relation}来电</Tag>}
                {elder.status !== 'active' && <Tag color="red">{ELDER_STATUS_LABELS[elder.status]}</Tag>}
              </Space>
            }
            extra={
              <Space>
                <Button
                  size="small"
                  onClick={() => {
                    onClose();
                    void navigate(`/elders/${elder.id}`);
                  }}
                >
                  档案
                </Button>
                {elder.status === 'active' && (
                  <Button
                    size="small"
                    type="primary"
                    icon={<PlusOutlined />}
                    onClick={() => {
                      onClose();
                      void navigate(`/orders?new=${elder.id}`);
                    }}
                  >
                    新建工单
                  </Button>
                )}
              </Space>
            }
          >
            <Descriptions
              size="small"
              column={2}
              items={[
                { label: '社区', children: elder.regionName },
                { label: '住址', children: elder.address },
                {
                  label: '类别',
                  children:
                    elder.categoryTypes
                      .map((c) => CATEGORY_LABELS[c as keyof typeof CATEGORY_LABELS] ?? c)
                      .join('、') || '—',
                },
                { label: '能力等级', children: elder.abilityGrade ?? '未评估' },
                {
                  label: '紧急联系人',
                  children:
                    elder.contacts
                      .filter((c) => c.emergencyOrder)
                      .map((c) => `${c.name}（${c.relation}）${c.phoneMasked ?? ''}`)
                      .join('；') || '—',
                },
              ]}
            />
            {orders.length > 0 && (
              <Alert
                type="info"
                style={{ marginTop: 8 }}
                title={
                  <Space direction="vertical" size={0}>
                    {orders.map((o) => (
                      <span key={o.id}>
                        工单 {o.id}：{o.serviceDate} {hhmm(o.startAt)} {o.lines.map((l) => l.name).join('、')}{' '}
                        <Tag color={ORDER_STATE_COLORS[o.state]}>{ORDER_STATE_LABELS[o.state]}</Tag>
                        {o.caregiverName ?? ''}
                      </span>
                    ))}
                  </Space>
                }
              />
            )}
          </Card>
        ))
      )}
    </Modal>
  );
}
