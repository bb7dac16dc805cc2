/* Keeps the QUBO layer library non-empty until its sources land. */
int q6_qubo_layer_present;
