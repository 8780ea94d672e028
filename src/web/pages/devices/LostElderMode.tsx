// 走失模式: for a family reporting a lost elder — the trail of the last hours of the device with
// the newest fix, the last fix with its age and accuracy on the map, and sharing that position
// with the grid workers by SMS (audited as trip.share on the server).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Empty, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { ShareAltOutlined } from '@ant-design/icons';
import { get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ElderLocation, TrailPoint } from '../../../shared/schemas/devices.js';
import { MapView } from '../../components/map/index.js';
import { applyProblem } from '../../components/form-errors.js';
import { DEVICE_KIND_LABELS, accuracyText, ageText, timeText } from './device-labels.js';

const HOURS = [2, 6, 12, 24, 72];

export function LostElderMode({ elderId, location }: { elderId: number; location: ElderLocation }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [hours, setHours] = useState(6);
  const [points, setPoints] = useState<TrailPoint[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [shareError, setShareError] = useState<string | null>(null);
  const [form] = Form.useForm();
  // The device whose fix is newest is the one the elder most likely carries.
  const device = [...location.devices]
    .filter((d) => d.lastFix)
    .sort((a, b) => a.lastFix!.ageMinutes - b.lastFix!.ageMinutes)[0];

  useEffect(() => {
    if (!device) return;
    const to = new Date();
    const from = new Date(to.getTime() - hours * 3_600_000);
    void get<{ points: TrailPoint[]; truncated: boolean }>(`/api/devices/${device.id}/trail`, {
      from: from.toISOString(),
      to: to.toISOString(),
    }).then((t) => {
      setPoints(t.points);
      setTruncated(t.truncated);
    });
  }, [device?.id, hours]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!device) return <Empty description="该老人的设备还没有有效定位" />;
  const fix = device.lastFix!;

  const share = async () => {
    let v: { phones: string; note?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setShareError(null);
    try {
      const phones = v.phones.split(/[\s,，、;；]+/).filter(Boolean);
      const r = await post<{ queued: number; body: string }>(`/api/elders/${elderId}/location/share`, {
        phones,
        note: v.note || null,
      });
      message.success(`已发送 ${r.queued} 条短信`);
      setSharing(false);
    } catch (err) {
      setShareError(applyProblem(form, err));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="设备">
          {DEVICE_KIND_LABELS[device.kind]} {device.deviceKey}
        </Descriptions.Item>
        <Descriptions.Item label="最后定位">
          <Space size={4}>
            {timeText(fix.at)}
            <Tag color={fix.ageMinutes > 30 ? 'red' : 'green'}>{ageText(fix.ageMinutes)}</Tag>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="精度">{accuracyText(fix.accuracy)}</Descriptions.Item>
        <Descriptions.Item label="坐标（WGS-84）">
          {fix.lat.toFixed(5)}, {fix.lng.toFixed(5)}
        </Descriptions.Item>
        <Descriptions.Item label="轨迹">
          <Space size={4}>
            最近
            <Select
              size="small"
              value={hours}
              onChange={setHours}
              options={HOURS.map((h) => ({ value: h, label: `${h} 小时` }))}
              aria-label="轨迹时长"
            />
            共 {points.length} 个点{truncated ? '（点数过多，只显示最早部分）' : ''}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label="共享">
          {can('alarm.handle') ? (
            <Button
              type="primary"
              danger
              size="small"
              icon={<ShareAltOutlined />}
              onClick={() => {
                form.resetFields();
                setShareError(null);
                setSharing(true);
              }}
            >
              共享给网格员
            </Button>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <MapView
        height={420}
        fit="markers"
        fitKey={`${device.id}-${hours}`}
        trails={[{ id: 'trail', points, color: '#2563eb', label: '轨迹' }]}
        markers={[
          ...(location.home
            ? [
                {
                  id: 'home',
                  lat: location.home.lat,
                  lng: location.home.lng,
                  glyph: '家',
                  color: '#16a34a',
                  label: '住所',
                },
              ]
            : []),
          {
            id: 'last',
            lat: fix.lat,
            lng: fix.lng,
            glyph: '表',
            color: '#dc2626',
            pulse: true,
            label: `最后定位 ${ageText(fix.ageMinutes)}`,
          },
        ]}
        circles={[
          ...(fix.accuracy
            ? [
                {
                  id: 'acc',
                  lat: fix.lat,
                  lng: fix.lng,
                  radiusM: fix.accuracy,
                  color: '#dc2626',
                  label: accuracyText(fix.accuracy),
                },
              ]
            : []),
          ...location.geofences.map((g) => ({
            id: `g${g.id}`,
            lat: g.lat,
            lng: g.lng,
            radiusM: g.radiusM,
            color: '#16a34a',
            label: g.name,
          })),
        ]}
      />
      <Modal
        title="把最后定位共享给网格员"
        open={sharing}
        onOk={share}
        onCancel={() => setSharing(false)}
        okText="发送短信"
      >
        {shareError && <Alert type="error" message={shareError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item
            name="phones"
            label="网格员手机号"
            extra="可填多个，用逗号或空格分开（最多 5 个）"
            rules={[{ required: true, message: '请填写手机号' }]}
          >
            <Input placeholder="如 13900000001, 13900000002" />
          </Form.Item>
          <Form.Item name="note" label="补充说明">
            <Input maxLength={100} placeholder="如：穿蓝色外套，拄拐杖" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
