package dev.gradc.spark

import breeze.linalg.DenseVector
import breeze.optimize.DiffFunction
import java.util.function.ToDoubleBiFunction

/**
 * Breeze's `DiffFunction` over a Java function of the point that writes the gradient into its second
 * argument and returns the value. This one class is Scala because a Java class cannot implement the
 * Scala trait (it declares `apply` returning both `double` and `Object`); everything else is Java
 * ([[GradcDiffFunction]] builds it).
 */
final class BreezeFunction(f: ToDoubleBiFunction[Array[Double], Array[Double]], dimension: Int)
    extends DiffFunction[DenseVector[Double]] {

  override def calculate(x: DenseVector[Double]): (Double, DenseVector[Double]) = {
    val gradient = new Array[Double](dimension)
    val value = f.applyAsDouble(x.toArray, gradient)
    (value, DenseVector(gradient))
  }
}
