// The items of an order or a plan: catalogue item and quantity, one or more.
import { Button, Form, InputNumber, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { ItemDto } from '../../../shared/schemas/catalogue.js';

export function OrderLinesField({
  items,
  label = (i) => i.name,
  width = 380,
}: {
  items: ItemDto[];
  label?: (i: ItemDto) => string;
  width?: number;
}) {
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space key={f.key} align="start">
              <Form.Item label="服务项目" name={[f.name, 'itemId']} rules={[{ required: true, message: '请选择项目' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  style={{ width }}
                  options={items.map((i) => ({ value: i.id, label: label(i) }))}
                />
              </Form.Item>
              <Form.Item label="数量" name={[f.name, 'quantity']} rules={[{ required: true, message: '请填写' }]}>
                <InputNumber min={1} max={20} precision={0} />
              </Form.Item>
              {fields.length > 1 && <MinusCircleOutlined style={{ marginTop: 38 }} onClick={() => remove(f.name)} />}
            </Space>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ quantity: 1 })}
            style={{ marginBottom: 12 }}
          >
            添加项目
          </Button>
        </>
      )}
    </Form.List>
  );
}
