package com.aitesting.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The environment's VPC: Aurora in isolated subnets (no route out), the functions that reach it in
 * private subnets whose NAT gateway lets them call AWS APIs and Slack; the public subnets only hold NAT.
 */
final class Network extends Construct {

    private final Vpc vpc;

    Network(Construct scope, String id, TenantEnvironmentConfig config) {
        super(scope, id);
        vpc = Vpc.Builder.create(this, "Vpc")
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

    private static SubnetConfiguration subnet(String name, SubnetType type) {
        return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(24).build();
    }
}
