// Edits an eligibility condition as a form: groups (all / any), "not", and conditions on the
// facts of the elder's file. Nobody types JSON; the server checks the result on save.
import { Button, InputNumber, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Condition, Leaf } from '../../../core/policy/conditions.js';
import {
  ABILITY_GRADE_LABELS,
  CATEGORY_LABELS,
  LIVING_FLAG_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../../shared/elder-labels.js';
import { options } from '../elders/elder-format.js';

const FIELDS: { value: Leaf['field']; label: string; make: () => Leaf }[] = [
  { value: 'age', label: '年龄', make: () => ({ field: 'age', op: 'gte', value: 60 }) },
  { value: 'category', label: '类别', make: () => ({ field: 'category', op: 'has', value: 'dibao' }) },
  { value: 'livingFlag', label: '居住情况', make: () => ({ field: 'livingFlag', op: 'has', value: 'alone' }) },
  {
    value: 'abilityGrade',
    label: '能力等级',
    make: () => ({ field: 'abilityGrade', op: 'in', value: ['severe', 'complete'] }),
  },
  { value: 'disabilityGrade', label: '残疾等级', make: () => ({ field: 'disabilityGrade', op: 'atMost', value: 2 }) },
  { value: 'hukou', label: '户籍', make: () => ({ field: 'hukou', op: 'eq', value: 'local' }) },
  { value: 'residenceYears', label: '本地居住年限', make: () => ({ field: 'residenceYears', op: 'gte', value: 2 }) },
  { value: 'childCanCare', label: '有能照料的子女', make: () => ({ field: 'childCanCare', op: 'eq', value: false }) },
  {
    value: 'carerInCommunity',
    label: '同社区有能照料的子女',
    make: () => ({ field: 'carerInCommunity', op: 'eq', value: false }),
  },
  { value: 'supportMode', label: '特困供养方式', make: () => ({ field: 'supportMode', op: 'eq', value: 'dispersed' }) },
];

function LeafEditor({ value, onChange }: { value: Leaf; onChange: (c: Leaf) => void }) {
  const set = (patch: Partial<Leaf>) => onChange({ ...value, ...patch } as Leaf);
  const field = (
    <Select
      size="small"
      value={value.field}
      style={{ width: 130 }}
      options={FIELDS.map(({ value: v, label }) => ({ value: v, label }))}
      onChange={(f) => onChange(FIELDS.find((x) => x.value === f)!.make())}
      aria-label="条件项"
    />
  );
  switch (value.field) {
    case 'age':
      return (
        <Space size={4}>
          {field}
          <Select
            size="small"
            value={value.op}
            style={{ width: 90 }}
            options={[
              { value: 'gte', label: '年满' },
              { value: 'lt', label: '不满' },
            ]}
            onChange={(op) => set({ op })}
          />
          <InputNumber size="small" min={0} max={130} value={value.value} onChange={(v) => set({ value: v ?? 0 })} /> 岁
        </Space>
      );
    case 'residenceYears':
      return (
        <Space size={4}>
          {field}满
          <InputNumber size="small" min={0} max={120} value={value.value} onChange={(v) => set({ value: v ?? 0 })} /> 年
        </Space>
      );
    case 'category':
      return (
        <Space size={4}>
          {field}为
          <Select
            size="small"
            value={value.value}
            style={{ width: 150 }}
            options={options(CATEGORY_LABELS)}
            onChange={(v) => set({ value: v })}
          />
          （证明须在有效期内）
        </Space>
      );
    case 'livingFlag':
      return (
        <Space size={4}>
          {field}为
          <Select
            size="small"
            value={value.value}
            style={{ width: 100 }}
            options={options(LIVING_FLAG_LABELS)}
            onChange={(v) => set({ value: v })}
          />
        </Space>
      );
    case 'abilityGrade':
      return (
        <Space size={4}>
          {field}为
          <Select
            size="small"
            mode="multiple"
            value={value.value}
            style={{ minWidth: 220 }}
            options={options(ABILITY_GRADE_LABELS)}
            onChange={(v) => set({ value: v })}
          />
          之一
        </Space>
      );
    case 'disabilityGrade':
      return (
        <Space size={4}>
          {field}为一至
          <Select
            size="small"
            value={value.value}
            style={{ width: 80 }}
            options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${'一二三四'[g - 1]}级` }))}
            onChange={(v) => set({ value: v })}
          />
        </Space>
      );
    case 'hukou':
      return (
        <Space size={4}>
          {field}为
          <Select
            size="small"
            value={value.value}
            style={{ width: 100 }}
            options={[
              { value: 'local', label: '本地' },
              { value: 'nonlocal', label: '外地' },
            ]}
            onChange={(v) => set({ value: v })}
          />
        </Space>
      );
    case 'childCanCare':
    case 'carerInCommunity':
      return (
        <Space size={4}>
          {field}
          <Switch
            size="small"
            checked={value.value}
            onChange={(v) => set({ value: v })}
            checkedChildren="有"
            unCheckedChildren="无"
          />
        </Space>
      );
    case 'supportMode':
      return (
        <Space size={4}>
          {field}为
          <Select
            size="small"
            value={value.value}
            style={{ width: 110 }}
            options={options(SUPPORT_MODE_LABELS)}
            onChange={(v) => set({ value: v })}
          />
        </Space>
      );
  }
}

export function ConditionEditor({
  value,
  onChange,
  onRemove,
}: {
  value: Condition;
  onChange: (c: Condition) => void;
  onRemove?: () => void;
}) {
  const remove = onRemove && (
    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label="删除条件" />
  );
  if ('all' in value || 'any' in value) {
    const mode = 'all' in value ? 'all' : 'any';
    const items = 'all' in value ? value.all : value.any;
    const setItems = (next: Condition[]) => onChange(mode === 'all' ? { all: next } : { any: next });
    return (
      <div style={{ borderLeft: '3px solid #fdba74', paddingLeft: 8, margin: '4px 0' }}>
        <Space size={4}>
          <Select
            size="small"
            value={mode}
            style={{ width: 110 }}
            options={[
              { value: 'all', label: '全部满足' },
              { value: 'any', label: '任一满足' },
            ]}
            onChange={(m) => onChange(m === 'all' ? { all: items } : { any: items })}
          />
          {remove}
        </Space>
        {items.map((c, i) => (
          <ConditionEditor
            key={i}
            value={c}
            onChange={(n) => setItems(items.map((x, j) => (j === i ? n : x)))}
            onRemove={items.length > 1 ? () => setItems(items.filter((_, j) => j !== i)) : undefined}
          />
        ))}
        <Space size={4} style={{ marginTop: 4 }}>
          <Button size="small" icon={<PlusOutlined />} onClick={() => setItems([...items, FIELDS[0].make()])}>
            条件
          </Button>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setItems([...items, { any: [FIELDS[0].make()] }])}
          >
            条件组
          </Button>
        </Space>
      </div>
    );
  }
  if ('not' in value) {
    return (
      <div style={{ margin: '4px 0' }}>
        <Space size={4}>不满足{remove}</Space>
        <ConditionEditor value={value.not} onChange={(n) => onChange({ not: n })} />
      </div>
    );
  }
  return (
    <div style={{ margin: '4px 0' }}>
      <Space size={4}>
        <LeafEditor value={value} onChange={onChange} />
        <Button size="small" type="link" onClick={() => onChange({ not: value })}>
          取反
        </Button>
        {remove}
      </Space>
    </div>
  );
}

/** The editor always works on a group at the top, so conditions can be added beside a single one. */
export const asGroup = (c: Condition): Condition => ('all' in c || 'any' in c ? c : { all: [c] });
