// One alarm case on its own page: the same view the console's pop shows, kept live.
import { useState } from 'react';
import { Card, Space } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { AlarmCaseView } from './AlarmCaseView.js';
import { useLiveConsole } from '../console/use-live-console.js';
import { useAuth } from '../../auth.js';

export function AlarmDetailPage() {
  const id = Number(useParams().id);
  const [version, setVersion] = useState(0);
  return (
    <Card
      size="small"
      title={
        <Space>
          <Link to="/alarms">警情</Link>/ 警情 {id}
        </Space>
      }
    >
      <AlarmCaseView id={id} refreshKey={version} />
      <Live id={id} onChange={() => setVersion((v) => v + 1)} />
    </Card>
  );
}

/** Others' acknowledgements and actions reach this page too, where the console stream is open to the user. */
function Live({ id, onChange }: { id: number; onChange: () => void }) {
  const { can } = useAuth();
  return can('order.read') ? <Stream id={id} onChange={onChange} /> : null;
}
function Stream({ id, onChange }: { id: number; onChange: () => void }) {
  useLiveConsole(
    () => {},
    () => {},
    (a) => {
      if (a.caseId === id) onChange();
    },
  );
  return null;
}
