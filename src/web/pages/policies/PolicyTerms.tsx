// One version's terms as the district reads them: the seed paragraph they come from, the base
// condition, the shares and deadlines, and the classes — each value the source does not give
// marked as an example the district must set.
import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import { isExample, type ExampleField, type PolicyClass, type PolicyParams } from '../../../core/policy/policy.js';
import { describeBenefit, describeCondition } from './policy-text.js';
import { shareText } from '../../components/cost-levels.js';
import { POLICY_LABELS as L } from './policy-labels.js';

export function ExampleTag({ params, field }: { params: PolicyParams; field: ExampleField }) {
  return isExample(params, field) ? (
    <Tag color="orange" title={L.exampleHint}>
      {L.example}
    </Tag>
  ) : null;
}

export function PolicySourceText({ params }: { params: PolicyParams }) {
  const s = params.source;
  if (!s) return <Typography.Text type="secondary">{L.noSource}</Typography.Text>;
  return (
    <Space direction="vertical" size={2} style={{ width: '100%' }}>
      <span>
        <Tag color="blue">{s.seed}</Tag>
        {s.place}
        <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
          {s.file} {s.lines}
        </Typography.Text>
      </span>
      <Typography.Paragraph
        style={{ marginBottom: 0, fontSize: 13 }}
        ellipsis={{ rows: 2, expandable: true, symbol: L.expand }}
      >
        「{s.quote}」
      </Typography.Paragraph>
      {s.notes?.map((n) => (
        <Typography.Text key={n} type="secondary" style={{ fontSize: 12 }}>
          · {n}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function PolicyTerms({ params }: { params: PolicyParams }) {
  return (
    <>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { label: L.source, children: <PolicySourceText params={params} />, span: 3 },
          { label: L.base, children: describeCondition(params.baseCondition), span: 3 },
          {
            label: L.costShare,
            children: (
              <>
                {shareText(params.costShare)} <ExampleTag params={params} field="costShare" />
              </>
            ),
          },
          {
            label: L.notice,
            children: (
              <>
                {params.noticeDays} 天 <ExampleTag params={params} field="noticeDays" />
              </>
            ),
          },
          {
            label: L.deadlines,
            children: (
              <>
                {L.deadlineText(params.deadlines)} <ExampleTag params={params} field="deadlines" />
              </>
            ),
          },
          ...(params.ledger?.carryHoursWithinYear ? [{ label: L.carry, children: L.carryText, span: 3 }] : []),
        ]}
      />
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={params.classes}
        style={{ marginTop: 8 }}
        columns={[
          { title: L.classCol, dataIndex: 'label', width: 150 },
          {
            title: L.conditionCol,
            render: (_, c: PolicyClass) => (
              <>
                {describeCondition(c.condition)} <ExampleTag params={params} field={`class:${c.code}:condition`} />
              </>
            ),
          },
          {
            title: L.benefitCol,
            width: 280,
            render: (_, c: PolicyClass) => (
              <>
                {describeBenefit(c.benefit)} <ExampleTag params={params} field={`class:${c.code}:benefit`} />
              </>
            ),
          },
        ]}
      />
    </>
  );
}
