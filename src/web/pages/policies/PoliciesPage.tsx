// Programmes and their versions by year. A district admin adds next year's version: the
// amounts, shares and deadlines are edited here; the conditions carry over from the current one.
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { del, get, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { ExampleField, PolicyClass, PolicyParams } from '../../../core/policy/policy.js';
import { applyProblem } from '../../components/form-errors.js';
import { describeCondition } from './policy-text.js';
import { PolicySourceText, PolicyTerms } from './PolicyTerms.js';
import { POLICY_LABELS as L } from './policy-labels.js';
import { ConditionEditor, asGroup } from './ConditionEditor.js';
import { CostShareFields } from './CostShareFields.js';
import { orderedLevels, type CostShare } from '../../../core/policy/cost-share.js';
import type { Condition } from '../../../core/policy/conditions.js';

interface Version {
  id: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  params: PolicyParams;
  note: string | null;
  inEffect: boolean;
}
interface Template {
  key: string;
  title: string;
  params: PolicyParams;
}
interface Programme {
  code: string;
  name: string;
  description: string;
  versions: Version[];
  templates: Template[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What stays an example in the new version: a value the district left as it was is still
 * unset; one it changed is now the district's own.
 */
function examplesKept(from: PolicyParams, to: PolicyParams): ExampleField[] {
  const kept = (from.examples ?? []).filter((f) => {
    if (f === 'costShare' || f === 'noticeDays' || f === 'deadlines') return same(from[f], to[f]);
    if (f === 'effectiveFrom') return true;
    const [, code, part] = f.split(':');
    const a = from.classes.find((c) => c.code === code);
    const b = to.classes.find((c) => c.code === code);
    if (!a || !b) return false;
    if (part === 'condition') return same(a.condition, b.condition);
    if (part === 'benefit') return same(a.benefit, b.benefit);
    return same(a.condition, b.condition) && same(a.benefit, b.benefit);
  });
  return kept.filter((f) => f !== 'effectiveFrom');
}

/** The numbers of a benefit as form fields (yuan, not fen). */
const AMOUNT_FIELDS: Record<string, [string, string, boolean][]> = {
  hours: [
    ['hoursPerMonth', '每月小时', false],
    ['hoursPerDay', '每天小时', false],
    ['hourlyRateFen', '每小时（元）', true],
  ],
  voucher: [['valueFen', '券面值（元）', true]],
  cash: [
    ['amountFen', '每月金额（元）', true],
    ['careShareFen', '其中照料护理（元）', true],
  ],
  discount: [['percentOff', '优惠（%）', false]],
  visits: [
    ['visitsPerMonth', '每月次数', false],
    ['feePerVisitFen', '每次（元）', true],
  ],
};

export function PoliciesPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [items, setItems] = useState<Programme[]>([]);
  const [editing, setEditing] = useState<Programme | null>(null);
  // What the new version starts from: the version in force, or another place's template.
  const [basis, setBasis] = useState<PolicyParams | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  // Conditions being edited for the new version: the base condition and one per class.
  const [conditions, setConditions] = useState<{ base: Condition; classes: Condition[] } | null>(null);
  const load = useCallback(async () => setItems(await get<Programme[]>('/api/policies')), []);
  useEffect(() => {
    void load();
  }, [load]);

  const startNew = (p: Programme, template?: Template) => {
    const base = template ?? p.versions.find((v) => v.inEffect) ?? p.versions[0];
    const next = dayjs().add(1, 'year').startOf('year');
    form.setFieldsValue({
      effectiveFrom: next,
      note: template ? L.adoptNote(template.title) : '',
      costShare: orderedLevels(base.params.costShare),
      noticeDays: base.params.noticeDays,
      community: base.params.deadlines.community,
      streetDeadline: base.params.deadlines.street,
      districtDeadline: base.params.deadlines.district,
      classes: base.params.classes.map((c) =>
        Object.fromEntries(
          Object.entries(c.benefit)
            .filter(([k]) => k !== 'kind' && k !== 'per')
            .map(([k, v]) => [k, k.endsWith('Fen') && typeof v === 'number' ? v / 100 : v]),
        ),
      ),
    });
    setConditions({
      base: asGroup(base.params.baseCondition),
      classes: base.params.classes.map((c) => asGroup(c.condition)),
    });
    setError(null);
    setBasis(base.params);
    setEditing(p);
  };
  const save = async () => {
    const p = editing!;
    const base = { params: basis! };
    let v: Record<string, unknown> & { classes: Record<string, number | null>[]; effectiveFrom: dayjs.Dayjs };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const classes: PolicyClass[] = base.params.classes.map((c, i) => ({
      ...c,
      condition: conditions!.classes[i],
      benefit: {
        ...c.benefit,
        ...Object.fromEntries(
          Object.entries(v.classes[i]).map(([k, x]) => [
            k,
            k.endsWith('Fen') && x !== null ? Math.round(Number(x) * 100) : x,
          ]),
        ),
      } as PolicyClass['benefit'],
    }));
    const params: PolicyParams = {
      ...base.params,
      baseCondition: conditions!.base,
      classes,
      costShare: orderedLevels(v.costShare as CostShare),
      noticeDays: v.noticeDays as number,
      deadlines: {
        community: v.community as number,
        street: v.streetDeadline as number,
        district: v.districtDeadline as number,
      },
    };
    params.examples = examplesKept(base.params, params);
    try {
      await post(`/api/policies/${p.code}/versions`, {
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        params,
        note: v.note || null,
      });
      message.success('新版本已保存，将自生效日起适用');
      setEditing(null);
      setConditions(null);
      await load();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  const remove = async (id: number) => {
    try {
      await del(`/api/policies/versions/${id}`);
      message.success('已删除');
      await load();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {items.map((p) => (
        <Card
          key={p.code}
          size="small"
          title={p.name}
          extra={
            can('policy.write') && (
              <Button size="small" icon={<PlusOutlined />} onClick={() => startNew(p)}>
                新增版本
              </Button>
            )
          }
        >
          <Typography.Paragraph type="secondary">{p.description}</Typography.Paragraph>
          <Row gutter={16}>
            <Col xs={24} lg={6}>
              <Timeline
                items={p.versions.map((v) => ({
                  color: v.inEffect ? 'green' : v.effectiveFrom > dayjs().format('YYYY-MM-DD') ? 'blue' : 'gray',
                  children: (
                    <Space direction="vertical" size={0}>
                      <span>
                        {v.effectiveFrom} 起{v.effectiveTo ? ` 至 ${v.effectiveTo}` : ''}{' '}
                        {v.inEffect && <Tag color="green">现行</Tag>}
                      </span>
                      {v.note && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {v.note}
                        </Typography.Text>
                      )}
                      {can('policy.write') && v.effectiveFrom > dayjs().format('YYYY-MM-DD') && (
                        <Popconfirm
                          title="删除这个尚未生效的版本？"
                          okText="删除"
                          cancelText="取消"
                          onConfirm={() => remove(v.id)}
                        >
                          <a>删除</a>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                }))}
              />
            </Col>
            <Col xs={24} lg={18}>
              <PolicyTerms params={(p.versions.find((x) => x.inEffect) ?? p.versions[0]).params} />
              {p.templates.length > 0 && (
                <Collapse
                  size="small"
                  style={{ marginTop: 12 }}
                  items={[
                    {
                      key: 'templates',
                      label: L.templates(p.templates.length),
                      children: (
                        <Space direction="vertical" style={{ width: '100%' }} size="large">
                          {p.templates.map((t) => (
                            <Card
                              key={t.key}
                              size="small"
                              type="inner"
                              title={t.title}
                              extra={
                                can('policy.write') && (
                                  <Button size="small" onClick={() => startNew(p, t)}>
                                    {L.adopt}
                                  </Button>
                                )
                              }
                            >
                              <PolicyTerms params={t.params} />
                            </Card>
                          ))}
                        </Space>
                      ),
                    },
                  ]}
                />
              )}
            </Col>
          </Row>
        </Card>
      ))}
      <Modal
        open={editing !== null}
        title={`新增版本：${editing?.name ?? ''}`}
        onCancel={() => setEditing(null)}
        onOk={save}
        okText="保存"
        cancelText="取消"
        width={760}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Typography.Paragraph type="secondary">
          已生效的版本不会被改写：新版本自生效日起适用，此前的期间仍按原标准计算。
        </Typography.Paragraph>
        {basis && <PolicySourceText params={basis} />}
        {basis?.examples?.length ? (
          <Alert type="warning" showIcon title={L.examplesAlert} style={{ margin: '8px 0 12px' }} />
        ) : null}
        <Form form={form} name="policyVersion" layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item label="生效日期" name="effectiveFrom" rules={[{ required: true, message: '请选择生效日期' }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item label="说明" name="note">
                <Input maxLength={200} placeholder="如：2027 年起提高补贴标准" />
              </Form.Item>
            </Col>
          </Row>
          {conditions && editing && (
            <Collapse
              size="small"
              style={{ marginBottom: 12 }}
              items={[
                {
                  key: 'base',
                  label: `基本条件：${describeCondition(conditions.base)}`,
                  children: (
                    <ConditionEditor
                      value={conditions.base}
                      onChange={(c) => setConditions({ ...conditions, base: c })}
                    />
                  ),
                },
                ...conditions.classes.map((c, i) => ({
                  key: `c${i}`,
                  label: `${basis!.classes[i].label}：${describeCondition(c)}`,
                  children: (
                    <ConditionEditor
                      value={c}
                      onChange={(n) =>
                        setConditions({ ...conditions, classes: conditions.classes.map((x, j) => (j === i ? n : x)) })
                      }
                    />
                  ),
                })),
              ]}
            />
          )}
          {editing &&
            basis &&
            basis.classes.map((c, i) => (
              <Row gutter={12} key={c.code} align="bottom">
                <Col span={6} style={{ paddingBottom: 30 }}>
                  <Tag>{c.label}</Tag>
                </Col>
                {AMOUNT_FIELDS[c.benefit.kind]
                  .filter(([k]) => k in c.benefit)
                  .map(([k, label, money]) => (
                    <Col span={6} key={k}>
                      <Form.Item
                        label={
                          c.benefit.kind === 'cash' && c.benefit.per === 'year' ? label.replace('每月', '每年') : label
                        }
                        name={['classes', i, k]}
                        rules={[{ type: 'number', min: 0, message: '不能为负数' }]}
                      >
                        <InputNumber
                          style={{ width: '100%' }}
                          min={0}
                          step={money ? 0.01 : 0.5}
                          precision={money ? 2 : 1}
                        />
                      </Form.Item>
                    </Col>
                  ))}
              </Row>
            ))}
          <CostShareFields />
          <Row gutter={12}>
            <Col span={4}>
              <Form.Item label="公示天数" name="noticeDays" rules={[{ required: true }]}>
                <InputNumber min={1} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label="社区时限" name="community" rules={[{ required: true }]}>
                <InputNumber min={1} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label="街道时限" name="streetDeadline" rules={[{ required: true }]}>
                <InputNumber min={1} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={4}>
              <Form.Item label="区时限" name="districtDeadline" rules={[{ required: true }]}>
                <InputNumber min={1} max={60} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Space>
  );
}
