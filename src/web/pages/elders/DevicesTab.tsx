// 终端与定位 on the elder's file: the terminals bound to the elder with their status and last fix,
// binding history, the safe zones on a map (home + 500 m offered), and the lost-elder mode.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { del, get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { Binding, DeviceListItem, ElderLocation, Geofence } from '../../../shared/schemas/devices.js';
import { MapView } from '../../components/map/index.js';
import { applyProblem } from '../../components/form-errors.js';
import { BindingTable } from '../devices/BindingTable.js';
import { LostElderMode } from '../devices/LostElderMode.js';
import {
  DEVICE_KIND_LABELS,
  DEVICE_STATUS_COLORS,
  DEVICE_STATUS_LABELS,
  accuracyText,
  ageText,
  timeText,
} from '../devices/device-labels.js';

export function DevicesTab({ elderId }: { elderId: number }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [data, setData] = useState<{ devices: DeviceListItem[]; bindings: Binding[] } | null>(null);
  const [location, setLocation] = useState<ElderLocation | null>(null);
  const [dialog, setDialog] = useState<'bind' | 'fence' | null>(null);
  const [lost, setLost] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [form] = Form.useForm();
  const writable = can('device.write');

  const load = useCallback(async () => {
    const [d, l] = await Promise.all([
      get<{ devices: DeviceListItem[]; bindings: Binding[] }>(`/api/elders/${elderId}/devices`),
      get<ElderLocation>(`/api/elders/${elderId}/location`),
    ]);
    setData(d);
    setLocation(l);
  }, [elderId]);
  useEffect(() => {
    void load();
  }, [load]);

  const findUnbound = async (q: string) => {
    const page = await get<{ items: DeviceListItem[] }>('/api/devices', { status: 'unbound', q, pageSize: 20 });
    setOptions(page.items.map((d) => ({ value: d.id, label: `${d.deviceKey}（${DEVICE_KIND_LABELS[d.kind]}）` })));
  };
  const open = (which: 'bind' | 'fence') => {
    form.resetFields();
    setFormError(null);
    if (which === 'bind') void findUnbound('');
    if (which === 'fence' && location?.suggestedZone) form.setFieldsValue(location.suggestedZone);
    setDialog(which);
  };
  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    try {
      if (dialog === 'bind') await post(`/api/devices/${v.deviceId}/bind`, { elderId, reason: v.reason || null });
      else await post(`/api/elders/${elderId}/geofences`, v);
      message.success(dialog === 'bind' ? '已绑定' : '已设置安全区域');
      setDialog(null);
      await load();
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const addSuggested = async () => {
    try {
      await post(`/api/elders/${elderId}/geofences`, location!.suggestedZone);
      message.success('已设置住所周边 500 米为安全区域');
      await load();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  const removeFence = async (g: Geofence) => {
    try {
      await del(`/api/elders/${elderId}/geofences/${g.id}`);
      await load();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  if (!data || !location) return null;
  const fixes = location.devices.filter((d) => d.lastFix);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {location.openCase && (
        <Alert
          type="error"
          showIcon
          message={`有未结束的警情（${timeText(location.openCase.raisedAt)}）`}
          action={<Link to={`/alarms/${location.openCase.id}`}>查看</Link>}
        />
      )}
      <Card
        size="small"
        title="终端设备"
        extra={
          <Space>
            <Button danger icon={<AimOutlined />} onClick={() => setLost(true)} disabled={fixes.length === 0}>
              走失模式
            </Button>
            {writable && (
              <Button icon={<PlusOutlined />} onClick={() => open('bind')}>
                绑定设备
              </Button>
            )}
          </Space>
        }
      >
        <Table<DeviceListItem>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={data.devices}
          locale={{ emptyText: '未绑定设备' }}
          columns={[
            {
              title: '设备',
              dataIndex: 'deviceKey',
              render: (k: string, d) => (
                <Link to={`/devices/${d.id}`}>
                  {k}（{DEVICE_KIND_LABELS[d.kind]}）
                </Link>
              ),
            },
            {
              title: '状态',
              dataIndex: 'status',
              render: (s: DeviceListItem['status']) => (
                <Tag color={DEVICE_STATUS_COLORS[s]}>{DEVICE_STATUS_LABELS[s]}</Tag>
              ),
            },
            { title: '最后上报', dataIndex: 'lastSeenAt', render: timeText },
            { title: '电量', dataIndex: 'battery', render: (b: number | null) => (b == null ? '—' : `${b}%`) },
            {
              title: '最后定位',
              dataIndex: 'lastFix',
              render: (f: DeviceListItem['lastFix']) =>
                f ? `${ageText(f.ageMinutes)}，${accuracyText(f.accuracy)}` : '暂无有效定位',
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={
          <Space>
            位置与安全区域
            {location.dementia && <Tag color="volcano">认知障碍：离开安全区域将报警</Tag>}
          </Space>
        }
        extra={
          writable && (
            <Space>
              {location.suggestedZone && location.geofences.length === 0 && (
                <Button type="primary" onClick={addSuggested}>
                  设为住所周边 500 米
                </Button>
              )}
              <Button icon={<PlusOutlined />} onClick={() => open('fence')}>
                添加安全区域
              </Button>
            </Space>
          )
        }
      >
        {!location.home && (
          <Alert
            type="warning"
            message="档案中没有住址坐标：请在编辑档案时在地图上标出住址"
            style={{ marginBottom: 8 }}
          />
        )}
        <MapView
          height={320}
          fit="markers"
          fitKey={elderId}
          markers={[
            ...(location.home
              ? [
                  {
                    id: 'home',
                    lat: location.home.lat,
                    lng: location.home.lng,
                    glyph: '家',
                    color: '#16a34a',
                    label: `住所：${location.home.address}`,
                  },
                ]
              : []),
            ...fixes.map((d) => ({
              id: d.id,
              lat: d.lastFix!.lat,
              lng: d.lastFix!.lng,
              glyph: '表',
              color: '#2563eb',
              label: `${d.deviceKey} ${ageText(d.lastFix!.ageMinutes)}，${accuracyText(d.lastFix!.accuracy)}`,
            })),
          ]}
          circles={location.geofences.map((g) => ({
            id: g.id,
            lat: g.lat,
            lng: g.lng,
            radiusM: g.radiusM,
            color: '#16a34a',
            label: g.name,
          }))}
        />
        <Table<Geofence>
          rowKey="id"
          size="small"
          pagination={false}
          style={{ marginTop: 8 }}
          dataSource={location.geofences}
          locale={{ emptyText: '未设置安全区域' }}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '中心', key: 'c', render: (_, g) => `${g.lat.toFixed(5)}, ${g.lng.toFixed(5)}` },
            { title: '半径', dataIndex: 'radiusM', render: (r: number) => `${r} 米` },
            {
              title: '',
              key: 'x',
              render: (_, g) =>
                writable && (
                  <Popconfirm title={`删除安全区域「${g.name}」？`} okText="删除" onConfirm={() => removeFence(g)}>
                    <Button size="small" type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      <Card size="small" title="绑定历史">
        <BindingTable rows={data.bindings} show="device" />
      </Card>
      <Modal title="走失模式" open={lost} onCancel={() => setLost(false)} footer={null} width={900} destroyOnHidden>
        <LostElderMode elderId={elderId} location={location} />
      </Modal>
      <Modal
        title={dialog === 'bind' ? '绑定设备' : '添加安全区域'}
        open={dialog !== null}
        onOk={submit}
        onCancel={() => setDialog(null)}
        okText="保存"
      >
        {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          {dialog === 'bind' ? (
            <>
              <Form.Item name="deviceId" label="未绑定的设备" rules={[{ required: true, message: '请选择设备' }]}>
                <Select
                  showSearch
                  filterOption={false}
                  onSearch={findUnbound}
                  options={options}
                  placeholder="输入设备编号、IMEI 或 SIM 卡号"
                />
              </Form.Item>
              <Form.Item name="reason" label="说明">
                <Input maxLength={200} placeholder="如：免费配发" />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
                <Input maxLength={40} />
              </Form.Item>
              <Space>
                <Form.Item name="lat" label="纬度" rules={[{ required: true, message: '请填写纬度' }]}>
                  <InputNumber step={0.0001} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name="lng" label="经度" rules={[{ required: true, message: '请填写经度' }]}>
                  <InputNumber step={0.0001} style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name="radiusM" label="半径（米）" rules={[{ required: true, message: '请填写半径' }]}>
                  <InputNumber min={50} max={5000} step={50} style={{ width: 120 }} />
                </Form.Item>
              </Space>
              <div style={{ color: '#888' }}>点击地图选择中心</div>
              <MapView
                height={240}
                fit="markers"
                markers={
                  location.home
                    ? [{ id: 'home', lat: location.home.lat, lng: location.home.lng, glyph: '家', color: '#16a34a' }]
                    : []
                }
                onPick={(lat, lng) =>
                  form.setFieldsValue({ lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 })
                }
              />
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
