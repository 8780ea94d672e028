// The cost-share part of a new policy version: one row per level that bears the cost (市级,
// 区（县）级, 街道（乡镇）级 …) with its parts; a programme may have one level or four.
import { Button, Col, Form, InputNumber, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { COST_LEVELS, type CostSharePart } from '../../../core/policy/cost-share.js';
import { COST_LEVEL_LABEL } from '../../components/cost-levels.js';
import { POLICY_LABELS as L } from './policy-labels.js';

const options = COST_LEVELS.map((l) => ({ value: l, label: COST_LEVEL_LABEL[l] }));

export function CostShareFields() {
  return (
    <Form.List
      name="costShare"
      rules={[
        {
          validator: async (_, rows: Partial<CostSharePart>[] = []) => {
            if (rows.length === 0) throw new Error(L.costShareNone);
            const levels = rows.map((r) => r?.level).filter(Boolean);
            if (new Set(levels).size !== levels.length) throw new Error(L.costShareTwice);
            if (!rows.some((r) => (r?.parts ?? 0) > 0)) throw new Error(L.costShareZero);
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={L.costShare} required>
          {fields.map((f) => (
            <Row key={f.key} gutter={8} align="middle">
              <Col span={8}>
                <Form.Item name={[f.name, 'level']} rules={[{ required: true, message: L.costShareLevel }]}>
                  <Select options={options} placeholder={L.costShareLevel} aria-label="承担层级" />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item
                  name={[f.name, 'parts']}
                  rules={[{ required: true, type: 'integer', min: 0, max: 100, message: L.costShareParts }]}
                >
                  <InputNumber min={0} max={100} precision={0} addonAfter="份" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={2}>
                <Form.Item>
                  <MinusCircleOutlined aria-label="删除此层级" onClick={() => remove(f.name)} />
                </Form.Item>
              </Col>
            </Row>
          ))}
          <Space direction="vertical" size={4}>
            {fields.length < COST_LEVELS.length && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ parts: 1 })}>
                {L.costShareAdd}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Space>
        </Form.Item>
      )}
    </Form.List>
  );
}
