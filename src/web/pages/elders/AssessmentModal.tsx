// A new ability assessment: the 26 items of GB/T 42195-2022 grouped by indicator, with the
// total and grade computed as the assessor answers (the same pure function the server uses).
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { post } from '../../api.js';
import {
  DIMENSION_LABELS,
  ITEMS,
  answerProblems,
  scoreAssessment,
  type Dimension,
} from '../../../core/assessment/gb42195.js';
import { ASSESSMENT_REASON_LABELS } from '../../../shared/elder-labels.js';
import { applyProblem } from '../../components/form-errors.js';
import { GRADE_COLORS, gradeLabel, options } from './elder-format.js';

interface Values {
  assessedOn: Dayjs;
  assessor: string;
  reason: string;
  answers: Record<string, string>;
  dementiaOrMentalDisorder: boolean;
  riskEventsLast30Days: number;
}

export function AssessmentModal({
  elderId,
  open,
  onClose,
  onSaved,
}: {
  elderId: number;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const watched = Form.useWatch('answers', form);
  const answers = useMemo(() => watched ?? {}, [watched]);
  const dementia = Form.useWatch('dementiaOrMentalDisorder', form) ?? false;
  const risks = Form.useWatch('riskEventsLast30Days', form) ?? 0;
  const result = useMemo(
    () =>
      answerProblems(answers).length === 0
        ? scoreAssessment({ answers, dementiaOrMentalDisorder: dementia, riskEventsLast30Days: risks })
        : null,
    [answers, dementia, risks],
  );
  const answered = ITEMS.filter((i) => answers[i.code] !== undefined).length;

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      setError('还有未作答的项目');
      return;
    }
    try {
      await post(`/api/elders/${elderId}/assessments`, { ...v, assessedOn: v.assessedOn.format('YYYY-MM-DD') });
      message.success('评估已保存');
      form.resetFields();
      setError(null);
      onSaved();
    } catch (err) {
      setError(applyProblem(form, err));
    }
  };
  const dims: Dimension[] = ['selfCare', 'mobility', 'mental', 'perception'];
  return (
    <Modal
      title="老年人能力评估（GB/T 42195-2022)"
      open={open}
      onCancel={onClose}
      onOk={save}
      okText="保存评估"
      cancelText="取消"
      width={900}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        name="assessment"
        layout="vertical"
        initialValues={{
          assessedOn: dayjs(),
          reason: 'routine',
          dementiaOrMentalDisorder: false,
          riskEventsLast30Days: 0,
          answers: {},
        }}
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item label="评估日期" name="assessedOn" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              label="评估员"
              name="assessor"
              rules={[
                { required: true, message: '请填写评估员' },
                { min: 2, message: '至少 2 个字' },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="评估原因" name="reason">
              <Select options={options(ASSESSMENT_REASON_LABELS)} />
            </Form.Item>
          </Col>
        </Row>
        <div style={{ maxHeight: 420, overflow: 'auto', paddingRight: 8 }}>
          {dims.map((d) => (
            <div key={d}>
              <Typography.Title level={5}>{DIMENSION_LABELS[d]}</Typography.Title>
              {ITEMS.filter((i) => i.dimension === d).map((item) => (
                <Form.Item
                  key={item.code}
                  label={`${item.code} ${item.title}`}
                  name={['answers', item.code]}
                  rules={[{ required: true, message: '请选择' }]}
                  style={{ marginBottom: 8 }}
                >
                  <Radio.Group
                    options={item.options.map((o) => ({ value: o.key, label: `${o.score} 分 ${o.label}` }))}
                  />
                </Form.Item>
              ))}
            </div>
          ))}
          <Typography.Title level={5}>等级调整因素</Typography.Title>
          <Form.Item name="dementiaOrMentalDisorder" valuePropName="checked">
            <Checkbox>已确诊痴呆或其他精神行为障碍</Checkbox>
          </Form.Item>
          <Form.Item label="近 30 天照护风险事件次数（跌倒、走失、噎食、自伤等）" name="riskEventsLast30Days">
            <InputNumber min={0} max={100} />
          </Form.Item>
        </div>
      </Form>
      <Descriptions
        size="small"
        bordered
        column={3}
        items={[
          { label: '已作答', children: `${answered} / ${ITEMS.length}` },
          { label: '总分', children: result ? `${result.total} / 90` : '—' },
          {
            label: '等级',
            children: result ? <Tag color={GRADE_COLORS[result.grade]}>{gradeLabel(result.grade)}</Tag> : '—',
          },
        ]}
      />
      {result?.adjustments.map((a) => (
        <Typography.Paragraph key={a} type="warning" style={{ marginTop: 8 }}>
          {a}
        </Typography.Paragraph>
      ))}
    </Modal>
  );
}
