#!/usr/bin/env bash
# Reproduces every figure of docs/defenses.md and writes each table into its section there.
# About five minutes on two cores; run it as 'nice tools/defense-figures.sh' on a shared machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
doc=docs/defenses.md
./warden assess --target model:models/fashion-cnn.onnx --attack hsj,square --samples 300 --out out/assess-bare --save-examples
./warden calibrate --policy policies/evaluation.yaml
./warden evaluate ood --policy policies/evaluation.yaml --markdown "$doc"
./warden evaluate crosscheck --policy policies/evaluation.yaml --examples out/assess-bare/examples --markdown "$doc"
./warden evaluate temporal --policy policies/evaluation.yaml --examples out/assess-bare/examples --markdown "$doc"
./warden evaluate sanitize --policy policies/evaluation.yaml --examples out/assess-bare/examples --markdown "$doc"
./warden bench defense-cost --policy policies/evaluation.yaml --policy policies/chain.yaml --iterations 5000 --warmup 3000 --markdown "$doc"
