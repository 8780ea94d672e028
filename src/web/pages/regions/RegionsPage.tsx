import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Space,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { PlusOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { del, get, patch, post } from '../../api.js';
import { useAuth } from '../../auth.js';
import type { Region } from '../../../shared/schemas/regions.js';
import { REGION_LEVEL_LABELS } from '../../../shared/labels.js';
import { childLevel, codePrefix } from '../../../core/region-code.js';
import { buildRegionTree, type RegionNode } from '../../components/region-tree.js';
import { applyProblem } from '../../components/form-errors.js';
import { RegionBoundaryCard } from '../../components/map/index.js';

interface RegionForm {
  name: string;
  code: string;
  centerLng?: number | null;
  centerLat?: number | null;
}

function filterTree(nodes: RegionNode[], q: string): RegionNode[] {
  if (!q) return nodes;
  return nodes.flatMap((n) => {
    const children = filterTree(n.children, q);
    return n.title.includes(q) || n.region.code.startsWith(q) || children.length ? [{ ...n, children }] : [];
  });
}

export function RegionsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const writable = can('region.write');
  const [regions, setRegions] = useState<Region[]>([]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<number[]>([]);
  const [editForm] = Form.useForm<RegionForm>();
  const [createForm] = Form.useForm<RegionForm>();
  const [creating, setCreating] = useState(false);
  const [editError, setEditError] = useState<string | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const list = await get<Region[]>('/api/regions');
    setRegions(list);
    setSelectedId((id) => id ?? list[0]?.id ?? null);
    // Open the caller's top regions so their streets or communities show at once.
    setExpanded((keys) => (keys.length ? keys : buildRegionTree(list).map((n) => n.key)));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const selected = regions.find((r) => r.id === selectedId) ?? null;
  useEffect(() => {
    setEditError(null);
    if (selected)
      editForm.setFieldsValue({
        name: selected.name,
        code: selected.code,
        centerLng: selected.centerLng,
        centerLat: selected.centerLat,
      });
  }, [selected, editForm]);
  const tree = useMemo(() => filterTree(buildRegionTree(regions), q.trim()), [regions, q]);
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const r of regions) c[r.level] = (c[r.level] ?? 0) + 1;
    return c;
  }, [regions]);

  const save = async (v: RegionForm) => {
    setEditError(null);
    try {
      await patch(`/api/regions/${selected!.id}`, {
        name: v.name,
        code: v.code,
        centerLng: v.centerLng ?? null,
        centerLat: v.centerLat ?? null,
      });
      message.success('已保存');
      await load();
    } catch (err) {
      setEditError(applyProblem(editForm, err));
    }
  };
  const create = async () => {
    setCreateError(null);
    let v: RegionForm;
    try {
      v = await createForm.validateFields();
    } catch {
      return;
    }
    try {
      const r = await post<Region>('/api/regions', {
        parentId: selected!.id,
        name: v.name,
        code: v.code,
        centerLng: v.centerLng ?? null,
        centerLat: v.centerLat ?? null,
      });
      message.success(`已新建「${r.name}」`);
      setCreating(false);
      createForm.resetFields();
      await load();
      setSelectedId(r.id);
      setExpanded((keys) => [...new Set([...keys, r.parentId!])]);
    } catch (err) {
      setCreateError(applyProblem(createForm, err));
    }
  };
  const remove = async () => {
    try {
      await del(`/api/regions/${selected!.id}`);
      message.success('已删除');
      setSelectedId(selected!.parentId);
      await load();
    } catch (err) {
      setEditError(applyProblem(editForm, err));
    }
  };
  const nextLevel = selected ? childLevel(selected.level) : null;
  const coordinateFields = (
    <Row gutter={12}>
      <Col span={12}>
        <Form.Item label="中心经度" name="centerLng">
          <InputNumber style={{ width: '100%' }} step={0.0001} placeholder="如 103.8343" />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item label="中心纬度" name="centerLat">
          <InputNumber style={{ width: '100%' }} step={0.0001} placeholder="如 36.0611" />
        </Form.Item>
      </Col>
    </Row>
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card
          title="辖区"
          size="small"
          extra={
            <Typography.Text type="secondary">
              {Object.entries(counts)
                .map(([l, n]) => `${REGION_LEVEL_LABELS[l as Region['level']]} ${n}`)
                .join(' · ')}
            </Typography.Text>
          }
        >
          <Input.Search
            placeholder="按名称或代码查找"
            allowClear
            onChange={(e) => setQ(e.target.value)}
            style={{ marginBottom: 8 }}
          />
          <div style={{ maxHeight: 560, overflow: 'auto' }}>
            {tree.length ? (
              <Tree
                treeData={tree}
                selectedKeys={selectedId ? [selectedId] : []}
                expandedKeys={q ? regions.map((r) => r.id) : expanded}
                onExpand={(keys) => setExpanded(keys.map(Number))}
                onSelect={(keys) => keys[0] !== undefined && setSelectedId(Number(keys[0]))}
                titleRender={(n) => (
                  <span>
                    {n.title}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.region.code}
                    </Typography.Text>
                  </span>
                )}
              />
            ) : (
              <Empty description="没有匹配的区域" />
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {selected && (
          <Card
            size="small"
            title={
              <Space>
                {selected.name}
                <Tag>{REGION_LEVEL_LABELS[selected.level]}</Tag>
              </Space>
            }
            extra={
              writable && (
                <Space>
                  {nextLevel && (
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => {
                        setCreateError(null);
                        createForm.resetFields();
                        setCreating(true);
                      }}
                    >
                      新建{REGION_LEVEL_LABELS[nextLevel]}
                    </Button>
                  )}
                  <Popconfirm
                    title={`确定删除「${selected.name}」？`}
                    description="只有没有下级区域、账户和机构的区域可以删除，操作将记入审计日志。"
                    okText="删除"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={remove}
                  >
                    <Button danger icon={<DeleteOutlined />}>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              )
            }
          >
            {editError && <Alert type="error" showIcon title={editError} style={{ marginBottom: 12 }} />}
            {writable ? (
              <Form form={editForm} name="regionEdit" layout="vertical" onFinish={save}>
                <Form.Item
                  label="名称"
                  name="name"
                  rules={[
                    { required: true, message: '请输入名称' },
                    { min: 2, message: '至少 2 个字符' },
                  ]}
                >
                  <Input maxLength={60} />
                </Form.Item>
                <Form.Item
                  label="区划代码"
                  name="code"
                  rules={[
                    { required: true, message: '请输入区划代码' },
                    { pattern: /^\d{12}(\d{3})?$/, message: '区划代码应为 12 位数字（网格为 15 位）' },
                  ]}
                >
                  <Input maxLength={15} />
                </Form.Item>
                {coordinateFields}
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />}>
                  保存
                </Button>
              </Form>
            ) : (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { label: '区划代码', children: selected.code },
                  {
                    label: '中心点',
                    children: selected.centerLng != null ? `${selected.centerLng}, ${selected.centerLat}` : '未设置',
                  },
                ]}
              />
            )}
          </Card>
        )}
        {selected && <RegionBoundaryCard region={selected} regions={regions} writable={writable} />}
      </Col>
      <Modal
        title={nextLevel ? `在「${selected?.name}」下新建${REGION_LEVEL_LABELS[nextLevel]}` : ''}
        open={creating}
        onOk={create}
        onCancel={() => setCreating(false)}
        okText="新建"
        cancelText="取消"
        destroyOnHidden
      >
        {createError && <Alert type="error" showIcon title={createError} style={{ marginBottom: 12 }} />}
        <Form form={createForm} name="regionCreate" layout="vertical">
          <Form.Item
            label="名称"
            name="name"
            rules={[
              { required: true, message: '请输入名称' },
              { min: 2, message: '至少 2 个字符' },
            ]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            label="区划代码"
            name="code"
            extra={selected ? `应以 ${codePrefix(selected.level, selected.code)} 开头` : undefined}
            rules={[
              { required: true, message: '请输入区划代码' },
              { pattern: /^\d{12}(\d{3})?$/, message: '区划代码应为 12 位数字（网格为 15 位）' },
            ]}
          >
            <Input maxLength={15} />
          </Form.Item>
          {coordinateFields}
        </Form>
      </Modal>
    </Row>
  );
}
