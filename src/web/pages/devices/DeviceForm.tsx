// The fields of a terminal as the registry takes them; the server checks the IMEI's check digit
// and the SIM number and says which field is wrong.
import { Form, Input, Select, TreeSelect } from 'antd';
import type { RegionNode } from '../../components/region-tree.js';
import { kindOptions, protocolOptions } from './device-labels.js';

export function DeviceFormFields({ tree, creating }: { tree: RegionNode[]; creating: boolean }) {
  return (
    <>
      <Form.Item name="kind" label="设备类型" rules={[{ required: true, message: '请选择设备类型' }]}>
        <Select options={kindOptions} />
      </Form.Item>
      {creating && (
        <>
          <Form.Item name="protocol" label="接入协议" rules={[{ required: true, message: '请选择接入协议' }]}>
            <Select options={protocolOptions} />
          </Form.Item>
          <Form.Item
            name="deviceKey"
            label="设备编号"
            extra="设备上报时使用的编号（手表协议为设备 ID，通常是 10 位或 IMEI）"
            rules={[{ required: true, message: '请填写设备编号' }]}
          >
            <Input maxLength={40} />
          </Form.Item>
        </>
      )}
      <Form.Item name="vendor" label="厂商">
        <Input maxLength={40} placeholder="如 3G、SG、ZJ" />
      </Form.Item>
      <Form.Item name="imei" label="IMEI" extra="15 位，最后一位为校验位">
        <Input maxLength={15} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="simNumber" label="SIM 卡号" extra="11 位手机号或 13 位物联网卡号">
        <Input maxLength={13} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="regionId" label="所属区域" rules={[{ required: true, message: '请选择所属区域' }]}>
        <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" />
      </Form.Item>
    </>
  );
}

/** Empty optional fields are sent as null (cleared), not as empty strings. */
export function devicePayload(v: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...v };
  for (const k of ['vendor', 'imei', 'simNumber']) if (out[k] === '' || out[k] === undefined) out[k] = null;
  return out;
}
