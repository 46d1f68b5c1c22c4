package com.aitesting.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
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
    }

    IVpc vpc() {
        return vpc;
    }

    private static SubnetConfiguration subnet(String name, SubnetType type) {
        return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(24).build();
    }
}
