// Create or edit an elder's file. The same zod rules as the server check the ID number and
// phones as the user types; everything else the server reports lands next to its field.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  TreeSelect,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { get, post, put } from '../../api.js';
import { IdNumber, Phone, type ElderDetail } from '../../../shared/schemas/elders.js';
import type { Region } from '../../../shared/schemas/regions.js';
import {
  CATEGORY_LABELS,
  DISABILITY_TYPE_LABELS,
  HUKOU_LABELS,
  LIVING_FLAG_LABELS,
  SUPPORT_MODE_LABELS,
} from '../../../shared/elder-labels.js';
import { REQUIRED_EVIDENCE, type CategoryType } from '../../../core/elders/categories.js';
import { buildRegionTree, HOME_LEVELS, selectableLevels } from '../../components/region-tree.js';
import { applyProblem, schemaRule } from '../../components/form-errors.js';
import { options } from './elder-format.js';
import { MapPicker } from '../../components/map/index.js';

interface ContactForm {
  name: string;
  relation: string;
  phone?: string;
  keepPhone?: number;
  phoneMasked?: string | null;
  sameCommunity: boolean;
  canCare: boolean;
  guardian: boolean;
}
interface CategoryForm {
  type?: CategoryType;
  certificateNo?: string;
  validUntil?: Dayjs | null;
  supportMode?: string;
  disabilityGrade?: number;
  disabilityType?: string;
  title?: string;
}
interface FormValues {
  name: string;
  idNumber?: string;
  phone?: string;
  regionId: number;
  address: string;
  lng?: number | null;
  lat?: number | null;
  hukou: 'local' | 'nonlocal';
  residenceYears?: number | null;
  livingFlags: string[];
  categories: CategoryForm[];
  contacts: ContactForm[];
  chronicConditions: string[];
  allergies: string[];
  medications: string[];
  doctorName?: string;
  doctorOrg?: string;
  doctorUntil?: Dayjs | null;
  checkups: { date: Dayjs; findings: string }[];
}

const day = (s: string | null | undefined) => (s ? dayjs(s) : null);
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function ElderFormPage() {
  const { id } = useParams();
  // From the screen-pop: a new caller's number is filled in.
  const [search] = useSearchParams();
  const editing = id !== undefined;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [regions, setRegions] = useState<Region[]>([]);
  const [existing, setExisting] = useState<ElderDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const tree = useMemo(() => selectableLevels(buildRegionTree(regions), HOME_LEVELS), [regions]);

  useEffect(() => {
    void get<Region[]>('/api/regions').then(setRegions);
  }, []);
  useEffect(() => {
    if (!editing) return;
    void get<ElderDetail>(`/api/elders/${id}`).then((e) => {
      setExisting(e);
      form.setFieldsValue({
        name: e.name,
        regionId: e.regionId,
        address: e.address,
        lng: e.lng,
        lat: e.lat,
        hukou: e.hukou,
        residenceYears: e.residenceYears,
        livingFlags: e.livingFlags,
        categories: e.categories.map((c) => ({ ...c, type: c.type, validUntil: day(c.validUntil) }) as CategoryForm),
        contacts: e.contacts.map((c, i) => ({ ...c, keepPhone: c.phoneMasked ? i : undefined })),
        chronicConditions: e.health.chronicConditions,
        allergies: e.health.allergies,
        medications: e.health.medications,
        doctorName: e.health.familyDoctor?.name,
        doctorOrg: e.health.familyDoctor?.organization ?? undefined,
        doctorUntil: day(e.health.familyDoctor?.contractUntil),
        checkups: e.health.checkups.map((c) => ({ date: dayjs(c.date), findings: c.findings })),
      });
    });
  }, [editing, id, form]);

  /** On an edit, the number stored for a category, masked: a certificate field left empty keeps it. */
  const keptCertificate = (type: CategoryType | undefined) =>
    (editing && type && existing?.categories.find((c) => c.type === type)?.certificateNoMasked) || null;

  const submit = async (v: FormValues) => {
    setError(null);
    setSaving(true);
    const body = {
      name: v.name,
      regionId: v.regionId,
      address: v.address,
      lng: v.lng ?? null,
      lat: v.lat ?? null,
      hukou: v.hukou,
      residenceYears: v.residenceYears ?? null,
      livingFlags: v.livingFlags ?? [],
      ...(v.idNumber ? { idNumber: v.idNumber } : {}),
      ...(v.phone ? { phone: v.phone } : editing ? {} : { phone: null }),
      categories: (v.categories ?? []).map((c) => ({
        type: c.type,
        // Left empty on an edit, a stored number is kept (the form only has it masked).
        ...(c.certificateNo
          ? { certificateNo: c.certificateNo }
          : keptCertificate(c.type)
            ? {}
            : { certificateNo: null }),
        validUntil: iso(c.validUntil),
        supportMode: c.supportMode ?? null,
        disabilityGrade: c.disabilityGrade ?? null,
        disabilityType: c.disabilityType ?? null,
        title: c.title || null,
      })),
      contacts: (v.contacts ?? []).map((c, i) => ({
        name: c.name,
        relation: c.relation,
        sameCommunity: !!c.sameCommunity,
        canCare: !!c.canCare,
        guardian: !!c.guardian,
        emergencyOrder: i + 1,
        ...(c.phone ? { phone: c.phone } : editing && c.keepPhone !== undefined ? { keepPhone: c.keepPhone } : {}),
      })),
      health: {
        chronicConditions: v.chronicConditions ?? [],
        allergies: v.allergies ?? [],
        medications: v.medications ?? [],
        familyDoctor: v.doctorName
          ? { name: v.doctorName, organization: v.doctorOrg || null, contractUntil: iso(v.doctorUntil) }
          : null,
        checkups: (v.checkups ?? []).filter((c) => c?.date).map((c) => ({ date: iso(c.date)!, findings: c.findings })),
      },
    };
    try {
      const saved = editing
        ? await put<ElderDetail>(`/api/elders/${id}`, body)
        : await post<ElderDetail>('/api/elders', body);
      message.success(editing ? '档案已保存' : '档案已建立');
      void navigate(`/elders/${saved.id}`);
    } catch (err) {
      setError(applyProblem(form, err));
    } finally {
      setSaving(false);
    }
  };

  if (editing && !existing) return <Spin />;
  return (
    <Card title={editing ? `编辑档案：${existing!.name}` : '新建老人档案'} size="small">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        name="elder"
        layout="vertical"
        onFinish={submit}
        onFinishFailed={() => setError('有字段未通过校验，请查看标红处')}
        initialValues={{
          phone: search.get('phone') ?? undefined,
          hukou: 'local',
          livingFlags: [],
          categories: [],
          contacts: [],
          chronicConditions: [],
          allergies: [],
          medications: [],
          checkups: [],
        }}
      >
        <Divider titlePlacement="start">基本信息</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请输入姓名' }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label="身份证号"
              name="idNumber"
              extra={editing ? `当前：${existing!.idMasked}，不修改请留空` : '出生日期和性别由身份证号自动得出'}
              rules={[
                ...(editing ? [] : [{ required: true, message: '请输入身份证号' }]),
                schemaRule(IdNumber, editing),
              ]}
            >
              <Input maxLength={18} placeholder={editing ? '留空表示不修改' : ''} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label="联系电话"
              name="phone"
              extra={editing && existing!.phoneMasked ? `当前：${existing!.phoneMasked}，不修改请留空` : undefined}
              rules={[schemaRule(Phone, true)]}
            >
              <Input maxLength={20} placeholder={editing ? '留空表示不修改' : '手机或座机'} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label="所属社区或网格"
              name="regionId"
              rules={[{ required: true, message: '请选择所属社区或网格' }]}
              extra={editing ? '更换社区请在档案页使用“转移”' : undefined}
            >
              <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" placeholder="选择社区或网格" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label="住址" name="address" rules={[{ required: true, message: '请输入住址' }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label="经度" name="lng">
              <InputNumber style={{ width: '100%' }} step={0.0001} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label="纬度" name="lat">
              <InputNumber style={{ width: '100%' }} step={0.0001} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item noStyle shouldUpdate={(a, b) => a.lng !== b.lng || a.lat !== b.lat}>
              {({ getFieldValue }) => {
                const [lng, lat] = [getFieldValue('lng'), getFieldValue('lat')];
                return (
                  <Form.Item label="住址位置（在地图上点选，或在手机上使用我的位置）">
                    <MapPicker
                      height={280}
                      value={typeof lng === 'number' && typeof lat === 'number' ? { lat, lng } : null}
                      onChange={(p) => form.setFieldsValue({ lat: p?.lat ?? null, lng: p?.lng ?? null })}
                    />
                  </Form.Item>
                );
              }}
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="户籍" name="hukou" rules={[{ required: true }]}>
              <Radio.Group options={options(HUKOU_LABELS)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item label="本地居住年限" name="residenceYears">
              <InputNumber min={0} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="居住情况" name="livingFlags">
              <Checkbox.Group options={options(LIVING_FLAG_LABELS)} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">类别与证明</Divider>
        <Form.List name="categories">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Form.Item key={f.key} noStyle shouldUpdate>
                  {() => {
                    const type = form.getFieldValue(['categories', f.name, 'type']) as CategoryType | undefined;
                    const needs = type ? REQUIRED_EVIDENCE[type] : [];
                    const req = (k: string) => needs.includes(k as never);
                    const kept = keptCertificate(type);
                    return (
                      <Row gutter={8} align="top">
                        <Col xs={24} md={5}>
                          <Form.Item name={[f.name, 'type']} rules={[{ required: true, message: '请选择类别' }]}>
                            <Select placeholder="类别" options={options(CATEGORY_LABELS)} />
                          </Form.Item>
                        </Col>
                        {(type === 'dibao' || type === 'dibao_edge' || type === 'youfu' || type === 'disability') && (
                          <Col xs={24} md={5}>
                            <Form.Item
                              name={[f.name, 'certificateNo']}
                              rules={[{ required: req('certificateNo') && !kept, message: '请填写证件编号' }]}
                              extra={kept ? `当前：${kept}，不修改请留空` : undefined}
                            >
                              <Input placeholder="证件编号" />
                            </Form.Item>
                          </Col>
                        )}
                        {type === 'dibao' && (
                          <Col xs={24} md={5}>
                            <Form.Item
                              name={[f.name, 'validUntil']}
                              rules={[{ required: true, message: '请选择有效期' }]}
                            >
                              <DatePicker placeholder="有效期至" style={{ width: '100%' }} />
                            </Form.Item>
                          </Col>
                        )}
                        {type === 'tekun' && (
                          <Col xs={24} md={5}>
                            <Form.Item
                              name={[f.name, 'supportMode']}
                              rules={[{ required: true, message: '请选择供养方式' }]}
                            >
                              <Select placeholder="供养方式" options={options(SUPPORT_MODE_LABELS)} />
                            </Form.Item>
                          </Col>
                        )}
                        {type === 'disability' && (
                          <>
                            <Col xs={12} md={4}>
                              <Form.Item
                                name={[f.name, 'disabilityGrade']}
                                rules={[{ required: true, message: '请选择等级' }]}
                              >
                                <Select
                                  placeholder="残疾等级"
                                  options={[1, 2, 3, 4].map((g) => ({ value: g, label: `${'一二三四'[g - 1]}级` }))}
                                />
                              </Form.Item>
                            </Col>
                            <Col xs={12} md={4}>
                              <Form.Item
                                name={[f.name, 'disabilityType']}
                                rules={[{ required: true, message: '请选择类型' }]}
                              >
                                <Select placeholder="残疾类型" options={options(DISABILITY_TYPE_LABELS)} />
                              </Form.Item>
                            </Col>
                          </>
                        )}
                        {(type === 'honour' || type === 'expert') && (
                          <Col xs={24} md={8}>
                            <Form.Item
                              name={[f.name, 'title']}
                              rules={[{ required: true, message: '请填写称号或说明' }]}
                            >
                              <Input placeholder="称号/说明" />
                            </Form.Item>
                          </Col>
                        )}
                        <Col>
                          <Button
                            type="text"
                            danger
                            icon={<MinusCircleOutlined />}
                            onClick={() => remove(f.name)}
                            aria-label="删除类别"
                          />
                        </Col>
                      </Row>
                    );
                  }}
                </Form.Item>
              ))}
              <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                添加类别
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">家庭与联系人（按紧急联系顺序）</Divider>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="top">
                  <Col xs={2} md={1} style={{ paddingTop: 6 }}>
                    <Typography.Text type="secondary">{i + 1}</Typography.Text>
                  </Col>
                  <Col xs={11} md={4}>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]}>
                      <Input placeholder="姓名" />
                    </Form.Item>
                  </Col>
                  <Col xs={11} md={3}>
                    <Form.Item name={[f.name, 'relation']} rules={[{ required: true, message: '请填写关系' }]}>
                      <Input placeholder="关系" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={5}>
                    <Form.Item
                      name={[f.name, 'phone']}
                      rules={[schemaRule(Phone, true)]}
                      extra={
                        form.getFieldValue(['contacts', f.name, 'phoneMasked'])
                          ? `当前：${form.getFieldValue(['contacts', f.name, 'phoneMasked'])}`
                          : undefined
                      }
                    >
                      <Input
                        placeholder={
                          form.getFieldValue(['contacts', f.name, 'phoneMasked']) ? '留空表示不修改' : '电话'
                        }
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Space wrap>
                      <Form.Item name={[f.name, 'sameCommunity']} valuePropName="checked" noStyle>
                        <Checkbox>同社区居住</Checkbox>
                      </Form.Item>
                      <Form.Item name={[f.name, 'canCare']} valuePropName="checked" noStyle>
                        <Checkbox>能照料</Checkbox>
                      </Form.Item>
                      <Form.Item name={[f.name, 'guardian']} valuePropName="checked" noStyle>
                        <Checkbox>监护人</Checkbox>
                      </Form.Item>
                    </Space>
                  </Col>
                  <Col>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label="删除联系人"
                    />
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                onClick={() => add({ sameCommunity: false, canCare: false, guardian: false })}
                icon={<PlusOutlined />}
              >
                添加联系人
              </Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">健康档案</Divider>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item label="慢性病" name="chronicConditions">
              <Select
                mode="tags"
                placeholder="输入后回车"
                options={['高血压', '糖尿病', '冠心病', '慢阻肺', '脑梗后遗症', '骨质疏松'].map((v) => ({ value: v }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="过敏" name="allergies">
              <Select mode="tags" placeholder="输入后回车" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="用药" name="medications">
              <Select mode="tags" placeholder="输入后回车" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="家庭医生" name="doctorName">
              <Input placeholder="姓名" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="签约机构" name="doctorOrg">
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="签约到期" name="doctorUntil">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="checkups">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={8} key={f.key}>
                  <Col xs={24} md={5}>
                    <Form.Item name={[f.name, 'date']} rules={[{ required: true, message: '请选择体检日期' }]}>
                      <DatePicker placeholder="体检日期" style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={22} md={17}>
                    <Form.Item name={[f.name, 'findings']} rules={[{ required: true, message: '请填写体检结果' }]}>
                      <Input placeholder="体检结果" maxLength={500} />
                    </Form.Item>
                  </Col>
                  <Col>
                    <Button
                      type="text"
                      danger
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label="删除体检记录"
                    />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                添加体检记录
              </Button>
            </>
          )}
        </Form.List>
        <Divider />
        <Space>
          <Button type="primary" htmlType="submit" loading={saving}>
            保存
          </Button>
          <Button onClick={() => void navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
