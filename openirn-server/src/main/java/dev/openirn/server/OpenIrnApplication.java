package dev.openirn.server;

import dev.openirn.server.admin.AdminCommand;
import dev.openirn.server.database.EarlyDatabaseStart;
import dev.openirn.server.startup.AheadOfTimeStart;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class OpenIrnApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication application = new SpringApplication(OpenIrnApplication.class);
        application.addListeners(new AheadOfTimeStart(OpenIrnApplication.class), new EarlyDatabaseStart());
        application.run(args);
    }
}
