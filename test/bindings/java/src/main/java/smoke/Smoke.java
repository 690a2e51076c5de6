package smoke;

import dev.cdk8s.istio.IstioTesting;
import dev.cdk8s.istio.ManifestValidator;
import dev.cdk8s.istio.ValidationCheck;
import dev.cdk8s.istio.ValidationFinding;
import dev.cdk8s.istio.ValidationReport;
import dev.cdk8s.istio.extensions.WasmPlugin;
import dev.cdk8s.istio.extensions.WasmPluginSpec;
import dev.cdk8s.istio.networking.VirtualService;
import dev.cdk8s.istio.networking.VirtualServiceSpec;
import dev.cdk8s.istio.networking.VirtualServiceSpecHttp;
import dev.cdk8s.istio.networking.VirtualServiceSpecHttpRoute;
import dev.cdk8s.istio.networking.VirtualServiceSpecHttpRouteDestination;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;

/** Smoke test of the cdk8s-istio Java binding, used the way a Java user would (run by scripts/test-bindings.sh). */
public final class Smoke {
    private static int passed = 0;
    private static int failed = 0;

    interface Check { void run() throws Exception; }

    static void check(String name, Check fn) {
        try {
            fn.run();
            passed++;
            System.out.println("ok   " + name);
        } catch (Throwable e) {
            failed++;
            System.out.println("FAIL " + name + ": " + e);
        }
    }

    static void expect(boolean condition, Object detail) {
        if (!condition) throw new AssertionError(String.valueOf(detail));
    }

    static Chart makeChart(App app) {
        Chart chart = new Chart(app, "smoke", ChartProps.builder().namespace("shop").build());
        VirtualService.Builder.create(chart, "reviews")
            .metadata(ApiObjectMetadata.builder().name("reviews").build())
            .spec(VirtualServiceSpec.builder()
                .hosts(List.of("reviews"))
                .http(List.of(VirtualServiceSpecHttp.builder()
                    .route(List.of(VirtualServiceSpecHttpRoute.builder()
                        .destination(VirtualServiceSpecHttpRouteDestination.builder().host("reviews").subset("v1").build())
                        .weight(100)
                        .build()))
                    .build()))
                .build())
            .build();
        return chart;
    }

    static final String BROKEN = String.join("\n",
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata:",
        "  name: reviews",
        "  namespace: shop",
        "spec:",
        "  hosts: [reviews]",
        "  http:",
        "    - route:",
        "        - destination:",
        "            host: reviews",
        "            sbuset: v1",
        "");

    public static void main(String[] args) {
        check("synth a VirtualService and validate the YAML", () -> {
            App app = new App();
            makeChart(app);
            String text = app.synthYaml();
            expect(text.contains("kind: VirtualService") && text.contains("subset: v1"), text);
            ValidationReport report = new ManifestValidator().validateYaml(text, "x.yaml");
            expect(report.getValid(), report.getFindings());
            expect(report.getObjectCount().intValue() == 1 && report.getFindings().isEmpty(), report);
        });
        check("an unknown field is one unknown-field finding with its path", () -> {
            ValidationReport report = new ManifestValidator().validateYaml(BROKEN, "x.yaml");
            expect(!report.getValid(), "valid");
            expect(report.getFindings().size() == 1, report.getFindings());
            ValidationFinding f = report.getFindings().get(0);
            expect(f.getCheck() == ValidationCheck.UNKNOWN_FIELD, f.getCheck());
            expect("/spec/http/0/route/0/destination/sbuset".equals(f.getPath()), f.getPath());
            expect("x.yaml".equals(f.getFile()) && f.getLine().intValue() == 12 && "reviews".equals(f.getName()), f);
            String line = ManifestValidator.formatFinding(f);
            expect(line.endsWith("unknown field \"sbuset\" [unknown-field]"), line);
        });
        check("IstioTesting.synth and assertValid", () -> {
            List<Object> objects = IstioTesting.synth(makeChart(new App()));
            expect(objects.size() == 1 && "VirtualService".equals(((Map<?, ?>) objects.get(0)).get("kind")), objects);
            try {
                IstioTesting.assertValid(new ManifestValidator().validateYaml(BROKEN), "broken");
                throw new AssertionError("assertValid did not throw");
            } catch (RuntimeException e) {
                expect(e.getMessage().contains("[unknown-field]"), e.getMessage());
            }
        });
        check("an any-typed field (WasmPlugin pluginConfig) keeps its keys and values", () -> {
            Chart chart = new Chart(new App(), "any", ChartProps.builder().namespace("shop").build());
            Map<String, Object> config = Map.of("snake_case", 1, "nested", Map.of("list", Arrays.asList(1, "two", null, true)));
            WasmPlugin plugin = WasmPlugin.Builder.create(chart, "wasm")
                .spec(WasmPluginSpec.builder().url("oci://x/y:1").pluginConfig(config).build())
                .build();
            Object actual = ((Map<?, ?>) ((Map<?, ?>) plugin.toJson()).get("spec")).get("pluginConfig");
            expect(config.equals(actual), actual);
        });
        System.out.println("java bindings: " + passed + " passed, " + failed + " failed");
        if (failed > 0) System.exit(1);
    }
}
