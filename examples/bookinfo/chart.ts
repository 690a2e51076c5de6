import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BookinfoSecurity } from './security';
import { BookinfoTraffic } from './traffic';
import { BookinfoWorkloads } from './workloads';

/** Props of `BookinfoChart`. */
export interface BookinfoChartProps extends ChartProps {
  /**
   * External host name of the shop.
   * @default 'bookinfo.example.com'
   */
  readonly hostname?: string;
}

/**
 * Istio's Bookinfo sample as cdk8s-istio constructs: the workloads (cdk8s-plus Deployments, Services and
 * ServiceAccounts in namespace `bookinfo`), their traffic management, and their security (strict mTLS, who may call
 * whom, JWT on productpage's API, egress locked down to the books API) next to `traffic` with the same `workloads`.
 */
export class BookinfoChart extends Chart {
  public readonly workloads: BookinfoWorkloads;
  public readonly traffic: BookinfoTraffic;
  public readonly security: BookinfoSecurity;

  constructor(scope: Construct, id: string, props: BookinfoChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });
    this.workloads = new BookinfoWorkloads(this, 'Workloads', this.namespace!);
    this.traffic = new BookinfoTraffic(this, 'Traffic', {
      workloads: this.workloads,
      hostname: props.hostname ?? 'bookinfo.example.com',
      credentialName: 'bookinfo-credential',
    });
    this.security = new BookinfoSecurity(this, 'Security', { workloads: this.workloads, traffic: this.traffic });
  }
}
