// The caregiver form, shared by "new" and "edit": the shared schema's rules, plus the
// certificates a new record must start with (a health certificate at least).
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, TimePicker, type FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { IdNumber } from '../../../shared/schemas/elders.js';
import { CARE_WORKER_LEVELS, WEEKDAY_LABELS } from '../../../shared/service-labels.js';
import { certificateOptions, skillOptions } from '../../components/service-format.js';
import { schemaRule } from '../../components/form-errors.js';

const weekdayOptions = [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }));
const levelOptions = Object.entries(CARE_WORKER_LEVELS).map(([v, label]) => ({ value: Number(v), label }));

/**
 * One certificate's fields. Inside a Form.List the items' names are relative to the list, but
 * watching a value needs its whole path, hence `listName`.
 */
export function CertificateFields({
  prefix = [],
  listName = [],
}: {
  prefix?: (string | number)[];
  listName?: (string | number)[];
}) {
  const kind = Form.useWatch([...listName, ...prefix, 'kind']);
  return (
    <Space wrap align="start">
      <Form.Item label="证书" name={[...prefix, 'kind']} rules={[{ required: true, message: '请选择' }]}>
        <Select options={certificateOptions} style={{ width: 210 }} />
      </Form.Item>
      {kind === 'care_worker' && (
        <Form.Item label="等级" name={[...prefix, 'level']} rules={[{ required: true, message: '请选择等级' }]}>
          <Select options={levelOptions} style={{ width: 130 }} />
        </Form.Item>
      )}
      <Form.Item
        label="编号"
        name={[...prefix, 'number']}
        rules={[
          { required: true, message: '请输入编号' },
          { min: 4, message: '至少 4 个字符' },
        ]}
      >
        <Input style={{ width: 150 }} />
      </Form.Item>
      <Form.Item label="发证机关" name={[...prefix, 'issuer']} rules={[{ required: true, message: '请输入' }]}>
        <Input style={{ width: 160 }} />
      </Form.Item>
      <Form.Item label="发证日期" name={[...prefix, 'issuedOn']} rules={[{ required: true, message: '请选择' }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item
        label={kind === 'health' ? '有效期至' : '有效期至（长期不填）'}
        name={[...prefix, 'validUntil']}
        dependencies={[[...listName, ...prefix, 'issuedOn']]}
        rules={[
          { required: kind === 'health', message: '健康证须填写有效期' },
          ({ getFieldValue }) => ({
            validator: async (_, v) => {
              const from = getFieldValue([...listName, ...prefix, 'issuedOn']);
              if (v && from && v.isBefore(from, 'day')) throw new Error('有效期至不能早于发证日期');
            },
          }),
        ]}
      >
        <DatePicker />
      </Form.Item>
    </Space>
  );
}

export function CaregiverForm({
  form,
  providers,
  isNew,
}: {
  form: FormInstance;
  providers: { id: number; name: string }[];
  isNew: boolean;
}) {
  return (
    <Form form={form} layout="vertical" name="caregiverForm">
      {isNew && (
        <Form.Item label="所属机构" name="providerId" rules={[{ required: true, message: '请选择所属机构' }]}>
          <Select
            options={providers.map((p) => ({ value: p.id, label: p.name }))}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
      )}
      <Space wrap>
        <Form.Item
          label="姓名"
          name="name"
          rules={[
            { required: true, message: '请输入姓名' },
            { min: 2, message: '至少 2 个字' },
          ]}
        >
          <Input maxLength={40} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item
          label={isNew ? '身份证号' : '身份证号（不改不填）'}
          name="idNumber"
          validateTrigger="onBlur"
          rules={[{ required: isNew, message: '请输入身份证号' }, schemaRule(IdNumber, true)]}
        >
          <Input maxLength={18} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          label={isNew ? '手机' : '手机（不改不填）'}
          name="phone"
          rules={[
            { required: isNew, message: '请输入手机号' },
            { pattern: /^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, message: '手机为 11 位数字' },
          ]}
        >
          <Input maxLength={20} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label="入职日期" name="joinedOn" rules={[{ required: true, message: '请选择' }]}>
          <DatePicker />
        </Form.Item>
      </Space>
      <Form.Item label="技能" name="skills">
        <Select mode="multiple" options={skillOptions} placeholder="决定能派哪些服务项目" />
      </Form.Item>
      <Space wrap>
        <Form.Item label="工作日" name="workDays" rules={[{ required: true, message: '至少选择一个工作日' }]}>
          <Select mode="multiple" options={weekdayOptions} style={{ minWidth: 260 }} />
        </Form.Item>
        <Form.Item label="工作时间" name="hours" rules={[{ required: true, message: '请选择' }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} order />
        </Form.Item>
      </Space>
      <Space wrap>
        <Form.Item label="住址（派单起点）" name="homeAddress">
          <Input maxLength={200} style={{ width: 260 }} />
        </Form.Item>
        <Form.Item label="经度" name="homeLng">
          <InputNumber min={73} max={136} precision={6} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item label="纬度" name="homeLat">
          <InputNumber min={3} max={54} precision={6} style={{ width: 130 }} />
        </Form.Item>
      </Space>
      {isNew && (
        <Form.List name="certificates">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start">
                  <CertificateFields prefix={[f.name]} listName={['certificates']} />
                  {fields.length > 1 && (
                    <MinusCircleOutlined
                      style={{ marginTop: 38 }}
                      onClick={() => remove(f.name)}
                      aria-label="删除证书"
                    />
                  )}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'care_worker' })}>
                添加证书
              </Button>
            </>
          )}
        </Form.List>
      )}
    </Form>
  );
}
