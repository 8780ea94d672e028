// The alarm pop: the case the operator must take now, over whatever the console was showing.
import { Button, Modal, Space } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { AlarmCaseView } from '../alarms/AlarmCaseView.js';

export function AlarmPop({
  caseId,
  refreshKey,
  onClose,
}: {
  caseId: number | null;
  refreshKey: number;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  return (
    <Modal
      open={caseId !== null}
      onCancel={onClose}
      width={1080}
      destroyOnHidden
      maskClosable={false}
      title={
        <Space>
          <AlertOutlined style={{ color: '#f5222d' }} />
          <span style={{ color: '#cf1322' }}>紧急警情 {caseId}</span>
        </Space>
      }
      footer={
        <Space>
          <Button
            onClick={() => {
              onClose();
              void navigate(`/alarms/${caseId}`);
            }}
          >
            在警情页打开
          </Button>
          <Button onClick={onClose}>收起</Button>
        </Space>
      }
    >
      {caseId !== null && <AlarmCaseView id={caseId} refreshKey={refreshKey} />}
    </Modal>
  );
}
