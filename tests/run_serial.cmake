# Included by CTest after the doctest cases are registered (tests/CMakeLists.txt): a test that measures wall-clock
# pacing runs alone, so tests running beside it under `ctest -j` cannot make it late.
set_tests_properties(
  "tools:replaying N-MNIST in real time writes a recording and paces releases within 1 ms on average"
  PROPERTIES RUN_SERIAL TRUE)
