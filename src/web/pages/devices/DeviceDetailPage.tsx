// A terminal: its status and last fix, binding history, and the registry's actions — bind to an
// elder, unbind, edit, retire. Unbinding and retiring ask first; the server audits all of them.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Space, Spin, Tag } from 'antd';
import { get, patch, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { DeviceDetail } from '../../../shared/schemas/devices.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { ElderPicker } from '../../components/ElderPicker.js';
import { applyProblem } from '../../components/form-errors.js';
import { buildRegionTree } from '../../components/region-tree.js';
import { DeviceFormFields, devicePayload } from './DeviceForm.js';
import { BindingTable } from './BindingTable.js';
import {
  DEVICE_KIND_LABELS,
  DEVICE_STATUS_COLORS,
  DEVICE_STATUS_LABELS,
  PROTOCOL_LABELS,
  accuracyText,
  ageText,
  timeText,
} from './device-labels.js';

export function DeviceDetailPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const { message } = App.useApp();
  const [device, setDevice] = useState<DeviceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'bind' | 'edit' | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const tree = useMemo(() => buildRegionTree(regions), [regions]);
  const [form] = Form.useForm();
  const writable = can('device.write');

  const load = useCallback(async () => {
    try {
      setDevice(await get<DeviceDetail>(`/api/devices/${id}`));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [id]);
  useEffect(() => {
    void load();
    void get<Region[]>('/api/regions').then(setRegions);
  }, [load]);

  if (error) return <Alert type="error" message={error} />;
  if (!device) return <Spin />;
  const retired = device.status === 'retired';

  const open = (which: 'bind' | 'edit') => {
    form.resetFields();
    setFormError(null);
    if (which === 'edit')
      form.setFieldsValue({
        kind: device.kind,
        vendor: device.vendor,
        imei: device.imei,
        simNumber: device.simNumber,
        regionId: device.regionId,
      });
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
      const next =
        dialog === 'bind'
          ? await post<DeviceDetail>(`/api/devices/${id}/bind`, { elderId: v.elderId, reason: v.reason || null })
          : await patch<DeviceDetail>(`/api/devices/${id}`, devicePayload(v));
      setDevice(next);
      message.success(dialog === 'bind' ? `已绑定 ${next.elderName}` : '已保存');
      setDialog(null);
    } catch (err) {
      setFormError(applyProblem(form, err));
    }
  };
  const act = async (action: 'unbind' | 'retire', done: string) => {
    try {
      setDevice(await post<DeviceDetail>(`/api/devices/${id}/${action}`, {}));
      message.success(done);
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space>
            <span>
              {DEVICE_KIND_LABELS[device.kind]} {device.deviceKey}
            </span>
            <Tag color={DEVICE_STATUS_COLORS[device.status]}>{DEVICE_STATUS_LABELS[device.status]}</Tag>
          </Space>
        }
        extra={
          writable &&
          !retired && (
            <Space wrap>
              <Button type="primary" onClick={() => open('bind')}>
                {device.elderId ? '改绑老人' : '绑定老人'}
              </Button>
              {device.elderId && (
                <Popconfirm
                  title={`解除与 ${device.elderName} 的绑定？`}
                  description="解绑后该设备的报警和定位不再关联这位老人"
                  okText="解绑"
                  onConfirm={() => act('unbind', '已解绑')}
                >
                  <Button>解绑</Button>
                </Popconfirm>
              )}
              <Button onClick={() => open('edit')}>编辑</Button>
              <Popconfirm
                title="停用这台设备？"
                description="停用后结束绑定，设备再上报的数据将不被接收；此操作不能撤销"
                okText="停用"
                okButtonProps={{ danger: true }}
                onConfirm={() => act('retire', '已停用')}
              >
                <Button danger>停用</Button>
              </Popconfirm>
            </Space>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label="绑定老人">
            {device.elderId ? <Link to={`/elders/${device.elderId}`}>{device.elderName}</Link> : <Tag>未绑定</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="接入协议">{PROTOCOL_LABELS[device.protocol]}</Descriptions.Item>
          <Descriptions.Item label="厂商">{device.vendor ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="IMEI">{device.imei ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="SIM 卡号">{device.simNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="所属区域">{device.regionName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="最后上报">
            {timeText(device.lastSeenAt)}
            <div style={{ fontSize: 12, color: '#888' }}>超过 {device.offlineHours} 小时未上报视为离线</div>
          </Descriptions.Item>
          <Descriptions.Item label="电量 / 信号">
            {device.battery == null ? '—' : `${device.battery}%`} / {device.signal == null ? '—' : device.signal}
          </Descriptions.Item>
          <Descriptions.Item label="最后定位">
            {device.lastFix
              ? `${ageText(device.lastFix.ageMinutes)}，${accuracyText(device.lastFix.accuracy)}（${device.lastFix.lat.toFixed(5)}, ${device.lastFix.lng.toFixed(5)}）`
              : '暂无有效定位'}
          </Descriptions.Item>
          <Descriptions.Item label="登记时间">{timeText(device.createdAt)}</Descriptions.Item>
          {device.retiredAt && <Descriptions.Item label="停用时间">{timeText(device.retiredAt)}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card size="small" title="绑定历史">
        <BindingTable rows={device.bindings} show="elder" />
      </Card>
      <Modal
        title={dialog === 'bind' ? '绑定老人' : '编辑设备'}
        open={dialog !== null}
        onOk={submit}
        onCancel={() => setDialog(null)}
        okText={dialog === 'bind' ? '绑定' : '保存'}
      >
        {dialog === 'bind' && device.elderId && (
          <Alert
            type="info"
            message={`当前绑定 ${device.elderName}；绑定新老人后原绑定自动结束，留在历史中`}
            style={{ marginBottom: 12 }}
          />
        )}
        {formError && <Alert type="error" message={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          {dialog === 'bind' ? (
            <>
              <Form.Item name="elderId" label="老人" rules={[{ required: true, message: '请选择老人' }]}>
                <ElderPicker />
              </Form.Item>
              <Form.Item name="reason" label="说明">
                <Input maxLength={200} placeholder="如：免费配发、家属自购" />
              </Form.Item>
            </>
          ) : (
            <DeviceFormFields tree={tree} creating={false} />
          )}
        </Form>
      </Modal>
    </Space>
  );
}
