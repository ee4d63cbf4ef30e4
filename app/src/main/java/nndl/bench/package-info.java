/**
 * The whole-process benchmark behind {@code ./nndl bench}: the book's networks trained as a user
 * trains them, from the command's start to its exit, by nndl and by the same network written in
 * PyTorch and in numpy ({@code bench/whole_process_torch.py}, {@code bench/whole_process_numpy.py}),
 * alternating in one run. {@link Workload} is what is trained, {@link Program} what trains it,
 * {@link WholeProcess} one timed run. The kernel benchmarks (JMH) and the benchmarks of predict
 * and serve are in the {@code bench/} module (docs/PERFORMANCE.md lists them all).
 */
package nndl.bench;
