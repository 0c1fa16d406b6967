import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { epochMsTransformer } from './column-transformers';

/** A saved what-if scenario: its drivers and simulation settings, to run again and compare. */
@Entity({ name: 'what_if_scenario' })
@Index('IDX_what_if_scenario_created_at', ['createdAt'])
export class WhatIfScenarioEntity {
  @PrimaryGeneratedColumn({ name: 'id', type: 'integer' })
  id: number;

  @Column({ name: 'name', type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'scenario', type: 'simple-json' })
  scenario: unknown;

  @Column({ name: 'created_by', type: 'varchar', length: 128 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMsTransformer })
  createdAt: number;
}
