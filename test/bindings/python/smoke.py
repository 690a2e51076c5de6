"""Smoke test of the cdk8s-istio Python binding, used the way a Python user would (run by scripts/test-bindings.sh)."""
import sys

import cdk8s
from cdk8s_istio import IstioTesting, ManifestValidator, ValidationCheck, extensions, networking

passed, failed = 0, 0


def check(name, fn):
    global passed, failed
    try:
        fn()
        passed += 1
        print(f"ok   {name}")
    except Exception as e:  # noqa: BLE001 - report every failure, keep going
        failed += 1
        print(f"FAIL {name}: {type(e).__name__}: {e}")


def make_chart():
    app = cdk8s.App()
    chart = cdk8s.Chart(app, "smoke", namespace="shop")
    networking.VirtualService(
        chart, "reviews",
        metadata=cdk8s.ApiObjectMetadata(name="reviews"),
        spec=networking.VirtualServiceSpec(
            hosts=["reviews"],
            http=[networking.VirtualServiceSpecHttp(route=[networking.VirtualServiceSpecHttpRoute(
                destination=networking.VirtualServiceSpecHttpRouteDestination(host="reviews", subset="v1"),
                weight=100,
            )])],
        ),
    )
    return app, chart


BROKEN = """\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
    - route:
        - destination:
            host: reviews
            sbuset: v1
"""


def synth_and_validate():
    app, _ = make_chart()
    text = app.synth_yaml()
    assert "kind: VirtualService" in text and "subset: v1" in text, text
    report = ManifestValidator().validate_yaml(text, "x.yaml")
    assert report.valid is True, report.findings
    assert report.object_count == 1 and report.findings == [], report


def unknown_field():
    report = ManifestValidator().validate_yaml(BROKEN, "x.yaml")
    assert report.valid is False
    assert len(report.findings) == 1, report.findings
    f = report.findings[0]
    assert f.check == ValidationCheck.UNKNOWN_FIELD, f.check
    assert f.path == "/spec/http/0/route/0/destination/sbuset", f.path
    assert (f.file, f.line, f.kind, f.name) == ("x.yaml", 12, "VirtualService", "reviews"), f
    line = ManifestValidator.format_finding(f)
    assert line.endswith('unknown field "sbuset" [unknown-field]'), line


def istio_testing():
    _, chart = make_chart()
    objects = IstioTesting.synth(chart)
    assert [o["kind"] for o in objects] == ["VirtualService"], objects
    try:
        IstioTesting.assert_valid(ManifestValidator().validate_yaml(BROKEN), "broken")
    except RuntimeError as e:
        assert "[unknown-field]" in str(e), e
    else:
        raise AssertionError("assert_valid did not raise")


def any_typed_field():
    chart = cdk8s.Chart(cdk8s.App(), "any", namespace="shop")
    config = {"snake_case": 1, "nested": {"list": [1, "two", None, True]}}
    plugin = extensions.WasmPlugin(chart, "wasm", spec=extensions.WasmPluginSpec(url="oci://x/y:1", plugin_config=config))
    assert plugin.to_json()["spec"]["pluginConfig"] == config, plugin.to_json()


check("synth a VirtualService and validate the YAML", synth_and_validate)
check("an unknown field is one unknown-field finding with its path", unknown_field)
check("IstioTesting.synth and assert_valid", istio_testing)
check("an any-typed field (WasmPlugin pluginConfig) keeps its keys and values", any_typed_field)
print(f"python bindings: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
