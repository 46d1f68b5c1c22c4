package com.aitesting.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The environment's VPC: Aurora in isolated subnets (no route out), the functions that reach it in
 * private subnets whose NAT gateway lets them call AWS APIs, Slack and the test targets (the executors'
 * probes leave through it: targets see the NAT gateways' Elastic IPs); the public subnets only hold NAT.
 */
final class Network extends Construct {
    /** The VPC's range (CDK's default, stated so the resolver address below follows from it). */
    static final String CIDR = "10.0.0.0/16";
    /** The Amazon-provided DNS resolver of the VPC: its base address plus two. */
    static final String AMAZON_DNS = "10.0.0.2:53";

    private final Vpc vpc;

    Network(Construct scope, String id, TenantEnvironmentConfig config) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
                .ipAddresses(IpAddresses.cidr(CIDR))
                .maxAzs(2)
                .natGateways(config.natGateways())
                .subnetConfiguration(List.of(
                        subnet("public", SubnetType.PUBLIC),
                        subnet("functions", SubnetType.PRIVATE_WITH_EGRESS),
                        subnet("database", SubnetType.PRIVATE_ISOLATED)))
                .build();
        if (config.vpcFlowLogs()) {
            // Every accepted and rejected flow: the record of what the functions connected to, test targets included.
            LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(LogRetention.ofDays(config.logRetentionDays()))
                    .build();
            vpc.addFlowLog("FlowLog", FlowLogOptions.builder()
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                    .trafficType(FlowLogTrafficType.ALL)
                    .build());
        } else {
            Nag.suppress(vpc, "AwsSolutions-VPC7", "flow logs turned off with the context value vpcFlowLogs=false");
        }
    }

    IVpc vpc() {
        return vpc;
    }

    /** The Elastic IPs of the NAT gateways: the source addresses test targets see (for their allow lists). */
    List<String> egressAddresses() {
        return vpc.getPublicSubnets().stream()
                .map(subnet -> subnet.getNode().tryFindChild("EIP"))
                .filter(CfnEIP.class::isInstance)
                .map(eip -> ((CfnEIP) eip).getRef())
                .toList();
    }

    private static SubnetConfiguration subnet(String name, SubnetType type) {
        return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(24).build();
    }
}
