// Printed paper vouchers: each with its face value, the elder, the code in words and as a QR
// code that the provider's phone scans. Drawn in the browser (the qrcode library), nothing fetched.
import { useEffect, useState } from 'react';
import { Card, Col, Row, Typography } from 'antd';
import QRCode from 'qrcode';
import type { z } from '../../../shared/zod.js';
import type { VoucherDto } from '../../../shared/schemas/vouchers.js';
import { fen } from '../../components/service-format.js';

type Voucher = z.infer<typeof VoucherDto>;

function VoucherCard({ v }: { v: Voucher }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    void QRCode.toDataURL(v.code, { margin: 1, width: 128 }).then(setSrc);
  }, [v.code]);
  return (
    <Card size="small" className="voucher-card" style={{ borderStyle: 'dashed' }}>
      <Row gutter={12} align="middle" wrap={false}>
        <Col flex="auto">
          <Typography.Text strong style={{ fontSize: 16 }}>
            居家养老服务券
          </Typography.Text>
          <div style={{ fontSize: 22, fontWeight: 600, margin: '4px 0' }}>{fen(v.valueFen)}</div>
          <div>
            {v.elderName} · {v.regionName}
          </div>
          <Typography.Text code>{v.code.replace(/(.{5})/g, '$1 ').trim()}</Typography.Text>
          <div style={{ fontSize: 12, color: '#888' }}>限本人使用，服务后交服务人员；每张只能兑付一次。</div>
        </Col>
        <Col flex="128px">{src && <img src={src} width={128} height={128} alt={`券码 ${v.code}`} />}</Col>
      </Row>
    </Card>
  );
}

export function VoucherSheet({ vouchers }: { vouchers: Voucher[] }) {
  return (
    <Row gutter={[12, 12]}>
      {vouchers.map((v) => (
        <Col span={12} key={v.id}>
          <VoucherCard v={v} />
        </Col>
      ))}
    </Row>
  );
}
