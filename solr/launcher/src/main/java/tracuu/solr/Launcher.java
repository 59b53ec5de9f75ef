package tracuu.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;

/**
 * One process of a loopback SolrCloud: {@code zk PORT DIR} runs ZooKeeper, {@code node ZKHOST PORT HOME}
 * runs one Solr node. Each prints {@code READY <address>} once it serves, then runs until killed, so a
 * node can be killed on its own (SIGKILL included) while the others keep serving.
 */
public final class Launcher {
    private static final String SOLR_XML = String.join("\n",
        "<solr>",
        "  <solrcloud>",
        "    <str name=\"host\">127.0.0.1</str>",
        "    <int name=\"hostPort\">${hostPort:8983}</int>",
        "    <str name=\"hostContext\">${hostContext:solr}</str>",
        "    <int name=\"zkClientTimeout\">${zkClientTimeout:30000}</int>",
        "    <bool name=\"genericCoreNodeNames\">true</bool>",
        "  </solrcloud>",
        "</solr>", "");

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("zk")) {
            zookeeper(Integer.parseInt(args[1]), Path.of(args[2]));
        } else if (args.length == 4 && args[0].equals("node")) {
            node(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        } else {
            System.err.println("usage: zk PORT DIR | node ZKHOST PORT SOLR_HOME");
            System.exit(2);
        }
    }

    /** A standalone ZooKeeper on 127.0.0.1:port keeping its data in dir. */
    private static void zookeeper(int port, Path dir) throws Exception {
        Files.createDirectories(dir);
        System.setProperty("zookeeper.admin.enableServer", "false");  // it would take port 8080
        System.setProperty("zookeeper.4lw.commands.whitelist", "ruok,mntr,srvr");
        Properties props = new Properties();
        props.setProperty("dataDir", dir.toString());
        props.setProperty("clientPort", Integer.toString(port));
        props.setProperty("clientPortAddress", "127.0.0.1");
        props.setProperty("tickTime", "2000");
        props.setProperty("maxClientCnxns", "0");
        QuorumPeerConfig peer = new QuorumPeerConfig();
        peer.parseProperties(props);
        ServerConfig config = new ServerConfig();
        config.readFrom(peer);
        ZooKeeperServerMain server = new ZooKeeperServerMain();
        Thread serving = new Thread(() -> {
            try {
                server.runFromConfig(config);
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(1);
            }
        }, "zookeeper");
        serving.start();
        waitForPort(port);
        System.out.println("READY 127.0.0.1:" + port);
        System.out.flush();
        serving.join();
    }

    /** One SolrCloud node on 127.0.0.1:port under /solr, its cores in home. */
    private static void node(String zkHost, int port, Path home) throws Exception {
        Files.createDirectories(home);
        Path solrXml = home.resolve("solr.xml");
        if (!Files.exists(solrXml)) {
            Files.writeString(solrXml, SOLR_XML);
        }
        System.setProperty("zkHost", zkHost);
        System.setProperty("solr.allowPaths", "*");
        Properties props = new Properties();
        JettyConfig config = JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
        JettySolrRunner jetty = new JettySolrRunner(home.toString(), props, config);
        jetty.start();
        System.out.println("READY " + jetty.getBaseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("ZooKeeper did not open port " + port);
    }
}
