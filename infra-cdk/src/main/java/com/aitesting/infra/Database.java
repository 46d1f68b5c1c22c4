package com.aitesting.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.DatabaseSecret;
import software.amazon.awscdk.services.rds.DatabaseSecretProps;
import software.amazon.awscdk.services.secretsmanager.HostedRotation;
import software.amazon.awscdk.services.secretsmanager.SingleUserHostedRotationOptions;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.RotationScheduleOptions;
import software.constructs.Construct;

/**
 * Aurora PostgreSQL Serverless v2 with two logins, each in its own secret: the owner (master user),
 * used only by the migration, and the restricted application role every other function connects as.
 * The migration creates that role as neither superuser nor BYPASSRLS nor table owner, so row-level
 * security applies to it.
 */
final class Database extends Construct {

    static final String DATABASE_NAME = "aitesting";
    static final String OWNER_USER = "ait_owner";
    static final String APP_ROLE = "ait_app";
    // A 16.x release that Aurora Serverless v2 and the Data API both support.
    static final AuroraPostgresEngineVersion ENGINE_VERSION = AuroraPostgresEngineVersion.VER_16_8;

    private final DatabaseCluster cluster;
    private final ISecret appRoleSecret;

    Database(Construct scope, String id, TenantEnvironmentConfig config, IVpc vpc) {
        super(scope, id);
        String clusterIdentifier = config.namePrefix();
        // Created here so that the exported PostgreSQL log has a retention; RDS writes into an existing group.
        // Deleted with the stack: a retained group of this fixed name would block re-creating the environment.
        LogGroup postgresLog = LogGroup.Builder.create(this, "PostgresLog")
                .logGroupName("/aws/rds/cluster/" + clusterIdentifier + "/postgresql")
                .retention(LogRetention.ofDays(config.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        cluster = DatabaseCluster.Builder.create(this, "Cluster")
                .clusterIdentifier(clusterIdentifier)
                .engine(DatabaseClusterEngine.auroraPostgres(
                        AuroraPostgresClusterEngineProps.builder().version(ENGINE_VERSION).build()))
                .credentials(Credentials.fromGeneratedSecret(OWNER_USER))
                .defaultDatabaseName(DATABASE_NAME)
                .writer(ClusterInstance.serverlessV2("Writer"))
                .serverlessV2MinCapacity(config.auroraMinAcu())
                .serverlessV2MaxCapacity(config.auroraMaxAcu())
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
                .storageEncrypted(true)
                // The SSE function runs outside the VPC (response streaming needs that) and reads events over the Data API.
                .enableDataApi(true)
                .cloudwatchLogsExports(List.of("postgresql"))
                .backup(BackupProps.builder().retention(Duration.days(7)).build())
                .deletionProtection(config.deletionProtection())
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        cluster.getNode().addDependency(postgresLog);
        Nag.suppress(cluster, "AwsSolutions-RDS6", "logins use passwords from Secrets Manager (rotated, below) and the"
                + " Data API needs a secret; IAM tokens would add a second way in");

        // Attached to the cluster so that it carries host, port and dbname like the owner secret does.
        appRoleSecret = new DatabaseSecret(this, "AppRoleSecret", DatabaseSecretProps.builder()
                .username(APP_ROLE)
                .dbname(DATABASE_NAME)
                .build())
                .attach(cluster);
        rotate(ownerSecret(), "OwnerRotation", config, vpc);
        rotate(appRoleSecret, "AppRoleRotation", config, vpc);
    }

    /**
     * Secrets Manager's hosted rotation for Aurora PostgreSQL, single user: the login changes its own
     * password (any PostgreSQL role may). The rotation function runs in the functions' subnets, which
     * reach both the cluster and the Secrets Manager API.
     */
    private void rotate(ISecret secret, String id, TenantEnvironmentConfig config, IVpc vpc) {
        HostedRotation rotation = HostedRotation.postgreSqlSingleUser(SingleUserHostedRotationOptions.builder()
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .build());
        secret.addRotationSchedule(id, RotationScheduleOptions.builder()
                .hostedRotation(rotation)
                .automaticallyAfter(Duration.days(config.secretRotationDays()))
                .build());
        cluster.getConnections().allowDefaultPortFrom(rotation, "PostgreSQL from the " + id + " function");
    }

    DatabaseCluster cluster() {
        return cluster;
    }

    /** The owner's login: migrations only. */
    ISecret ownerSecret() {
        return cluster.getSecret();
    }

    /** The restricted application role's login. */
    ISecret appRoleSecret() {
        return appRoleSecret;
    }

    /**
     * The JDBC URL without credentials; functions add user and password from {@link #appRoleSecret()}.
     * The endpoint's socket address carries the port as a string token: the port itself is a number
     * token, which Java would render as a meaningless double when joined into a string.
     */
    String jdbcUrl() {
        return "jdbc:postgresql://" + cluster.getClusterEndpoint().getSocketAddress() + "/" + DATABASE_NAME;
    }

    void allowConnectionsFrom(Function client) {
        cluster.getConnections().allowDefaultPortFrom(client, "PostgreSQL from " + client.getNode().getPath());
    }
}
