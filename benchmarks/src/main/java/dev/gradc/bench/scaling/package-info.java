/** How the compiler's time grows with the size of the program (issue 7, item 5): a plain timed run, not JMH. */
package dev.gradc.bench.scaling;
